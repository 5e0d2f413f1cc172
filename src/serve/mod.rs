//! `sowgen serve`: the pipeline behind a local web page, for people who don't use a shell.
//!
//! axum on tokio: hyper's HTTP underneath, multipart uploads streamed with a limit per field, and
//! blocking work (reading, rendering) moved off the async threads. The page and its assets are
//! embedded (`assets/`); nothing is fetched from elsewhere. Uploads and results live in memory
//! ([`store`]), under ids only the tab that made them knows.

mod archive;
mod guard;
pub mod pipeline;
mod routes;
mod store;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// The port tried when none is given; if it is taken, any free one.
pub const DEFAULT_PORT: u16 = 8750;

pub struct Options {
    pub port: Option<u16>,
    pub open: bool,
    /// Listen on this address instead of 127.0.0.1 (anyone who can reach it can use the page).
    pub listen: Option<IpAddr>,
}

/// Serve until interrupted. Prints the address on stdout (first line, for scripts and tests).
pub fn run(options: Options) -> Result<(), crate::error::Error> {
    serve_blocking(options).map_err(|message| std::io::Error::other(message).into())
}

fn serve_blocking(options: Options) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    runtime.block_on(serve(options))
}

async fn bind(ip: IpAddr, port: Option<u16>) -> Result<TcpListener, String> {
    match port {
        Some(port) => TcpListener::bind(SocketAddr::new(ip, port))
            .await
            .map_err(|e| {
                format!("cannot listen on {ip} port {port}: {e} (choose another with --port N)")
            }),
        None => match TcpListener::bind(SocketAddr::new(ip, DEFAULT_PORT)).await {
            Ok(listener) => Ok(listener),
            Err(_) => TcpListener::bind(SocketAddr::new(ip, 0))
                .await
                .map_err(|e| format!("cannot listen on {ip}: {e}")),
        },
    }
}

async fn serve(options: Options) -> Result<(), String> {
    let ip = options.listen.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let listener = bind(ip, options.port).await?;
    let port = listener
        .local_addr()
        .map_err(|e| format!("cannot listen: {e}"))?
        .port();
    let hosts = if ip.is_loopback() {
        guard::Hosts::loopback(port)
    } else {
        guard::Hosts::Any
    };
    let shown_ip = match ip {
        IpAddr::V6(v6) => format!("[{v6}]"),
        IpAddr::V4(v4) if v4.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V4(v4) => v4.to_string(),
    };
    let url = format!("http://{shown_ip}:{port}/");
    println!("sowgen serve: open {url} in a browser (Ctrl-C stops it)");
    if !ip.is_loopback() {
        eprintln!(
            "warning: listening on {ip}, not only this computer: anyone who can reach it can \
             upload room lists and download packages, with no password and no encryption"
        );
    }
    if options.open {
        open_browser(&url);
    }
    let hold = std::env::var("SOWGEN_SERVE_HOLD_MS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .map(Duration::from_millis)
        .unwrap_or_default();
    let app = Arc::new(routes::App {
        store: store::Store::default(),
        builds: Arc::new(tokio::sync::Semaphore::new(routes::MAX_BUILDS)),
        hold,
    });
    let router = routes::router(app).layer(axum::middleware::from_fn_with_state(
        Arc::new(hosts),
        guard::check,
    ));
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| format!("the server stopped: {e}"))
}

/// Ask the desktop to open the page; a failure is a note, never an error (the address is printed).
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let url = url.to_string();
    std::thread::spawn(move || match command.status() {
        Ok(status) if status.success() => {}
        _ => eprintln!("note: could not open a browser; open {url} yourself"),
    });
}
