"""The LAN exchange between the counters of one station (`station_app.services.exchange` is
the core's half): `wire` what is said and how it is signed, `server` a counter answering,
`link` a counter asking one other, `counters` the station's counters from the settings."""
