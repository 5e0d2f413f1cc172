fn main() -> std::process::ExitCode {
    sowgen::cli::main()
}
