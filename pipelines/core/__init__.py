"""The pure core: decoding, cleaning, segmentation and claim extraction. No Dagster import here."""
