"""Speakers: noun-phrase mentions and their resolution to people, groups and institutions."""
