"""Station counter app core: domain, storage, services and devices. Never imports Qt."""
