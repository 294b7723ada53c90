// Benchmarks: filled in with the daemon.
