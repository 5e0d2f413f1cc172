//! The sowgen binary: the command line, with a quiet exit when the reader of its output goes away.

fn main() -> std::process::ExitCode {
    // Like other Unix tools, stop quietly when the reader of our output goes away (`| head`),
    // instead of panicking on a broken pipe.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: tuning glibc's allocator before any thread starts, as MALLOC_ARENA_MAX would.
    unsafe {
        // A package is written by a few threads, each building large buffers and dropping them;
        // with an arena per thread (glibc's default), what one thread frees is not reused by
        // another and stays resident. One arena: a campus-scale build peaks 50 MB lower, in the
        // same time (issue 19: 150 MB; issue 13: 400 MB).
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
    sowgen::main()
}
