"""The station side of sync protocol v1: relay the outbox, pull by cursor, enrol, day close."""
