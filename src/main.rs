//! The sowgen binary: the command line, with a quiet exit when the reader of its output goes away.

fn main() -> std::process::ExitCode {
    // Like other Unix tools, stop quietly when the reader of our output goes away (`| head`),
    // instead of panicking on a broken pipe.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    sowgen::main()
}
