"""Text segmentation with character offsets."""
