"""Setting a new counter up: first-run state, enrolment codes, finding the printer."""
