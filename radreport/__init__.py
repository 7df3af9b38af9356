"""RadReport: structured, bilingual, signed MRI reports for the ALS work-up."""

__version__ = "0.1.0"
