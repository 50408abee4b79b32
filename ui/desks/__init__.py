"""One desk per workflow of the station's day; the counter window switches between them."""
