fn main() -> std::process::ExitCode {
    // `frontdesk graph ID | head` should stop quietly when the reader goes away, as other Unix
    // tools do, instead of reporting a failed write.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to the default before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    frontdesk::cli::run()
}
