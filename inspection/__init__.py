"""The `inspection` console script: one entry for every job."""
