"""The German language pack: lexicons (data files) and morphology (HanTa)."""
