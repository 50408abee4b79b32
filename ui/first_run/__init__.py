"""The first-run wizard: from an empty data dir to a counter staff can sign in to."""
