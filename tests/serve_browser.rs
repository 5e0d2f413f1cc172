//! `sowgen serve` in a real browser: Debian's headless Chromium driven through chromedriver
//! (WebDriver) as a PM would use the page. Screenshots of each state go to
//! target/serve-screenshots/ to be looked at.
//!
//! Needs `chromium` and `chromedriver` (.ci/run installs Debian's chromium and chromium-driver).
//! Without them the test fails under CI=1 / SOWGEN_REQUIRE_TOOLS=1 and otherwise skips with a note.

mod common;
mod serve_common;

use common::sample;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use serve_common::*;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(120);

fn find_tool(names: &[&str]) -> Option<PathBuf> {
    names.iter().find_map(|name| {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(name))
                .find(|p| p.is_file())
        })
    })
}

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_driver(chromedriver: &Path) -> (Driver, String) {
    let port = free_port();
    let child = Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver(child);
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver never listened");
        std::thread::sleep(Duration::from_millis(100));
    }
    (driver, format!("http://127.0.0.1:{port}"))
}

async fn connect(driver: &str, chromium: &Path, profile: &Path, downloads: &Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                format!("--user-data-dir={}", profile.display()),
                "--window-size=1280,900",
            ],
            "prefs": {
                "download.default_directory": downloads,
                "download.prompt_for_download": false,
                "download.directory_upgrade": true,
                "safebrowsing.enabled": false,
            },
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(driver)
        .await
        .expect("a WebDriver session")
}

/// "185042.17" as the page shows it: "$185,042.17".
fn dollars(decimal: &str) -> String {
    let (whole, cents) = decimal.split_once('.').unwrap_or((decimal, "00"));
    let digits: Vec<char> = whole.chars().collect();
    let mut grouped = String::new();
    for (i, d) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(*d);
    }
    format!("${grouped}.{:0<2}", cents)
}

fn screenshots_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("serve-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A screenshot of the whole page at `width`, saved as target/serve-screenshots/NAME.png.
async fn screenshot(client: &Client, name: &str, width: u32) {
    client.set_window_size(width, 900).await.unwrap();
    let height = client
        .execute(
            "return Math.min(document.documentElement.scrollHeight, 6000);",
            vec![],
        )
        .await
        .unwrap()
        .as_u64()
        .unwrap_or(900) as u32;
    client
        .set_window_size(width, height.max(600) + 140)
        .await
        .unwrap();
    let png = client.screenshot().await.unwrap();
    std::fs::write(screenshots_dir().join(format!("{name}.png")), png).unwrap();
    client.set_window_size(1280, 900).await.unwrap();
}

async fn text_of(client: &Client, id: &str) -> String {
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("#{id} never appeared: {e}"))
        .text()
        .await
        .unwrap()
}

/// Wait until `script` returns something truthy.
async fn wait_until(client: &Client, script: &str, what: &str) -> Value {
    let deadline = Instant::now() + WAIT;
    loop {
        let value = client.execute(script, vec![]).await.unwrap();
        if !(value.is_null() || value == json!(false) || value == json!("")) {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

async fn choose_file(client: &Client, id: &str, path: &Path) {
    client
        .find(Locator::Id(id))
        .await
        .unwrap()
        .send_keys(&path.canonicalize().unwrap().to_string_lossy())
        .await
        .unwrap();
}

/// The zip that appears in the download folder, once Chromium has finished writing it.
fn downloaded_zip(dir: &Path) -> Vec<u8> {
    let deadline = Instant::now() + WAIT;
    loop {
        let done = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == "zip"));
        if let Some(path) = done {
            return std::fs::read(path).unwrap();
        }
        assert!(Instant::now() < deadline, "no zip was downloaded");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Another web site on this machine (another port is another origin): a page whose form posts a
/// file to sowgen when submitted.
fn foreign_site(target: &str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let page = format!(
        "<!doctype html><title>other site</title>\
         <form id=f method=post enctype=multipart/form-data action=\"{target}/api/build\">\
         <input type=file name=room_list id=room_list><button id=go>send</button></form>"
    );
    std::thread::spawn(move || {
        // Serves a handful of requests (the page, perhaps a favicon), then stops.
        for stream in listener.incoming().take(4).flatten() {
            let mut stream = stream;
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
                page.len()
            );
        }
    });
    format!("http://127.0.0.1:{port}/")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pm_goes_from_a_room_list_to_a_package_in_the_browser() {
    let chromium = find_tool(&["chromium", "chromium-browser", "google-chrome"]);
    let chromedriver = find_tool(&["chromedriver"]);
    let (Some(chromium), Some(chromedriver)) = (chromium, chromedriver) else {
        assert!(
            !tools_required(),
            "chromium and chromedriver are required here (CI): apt-get install chromium chromium-driver"
        );
        eprintln!("NOTICE: chromium or chromedriver is not installed; skipping the browser test");
        return;
    };
    let server = Server::start();
    let (_driver, driver_url) = start_driver(&chromedriver);
    let profile = tempfile::tempdir().unwrap();
    let downloads = tempfile::tempdir().unwrap();
    let client = connect(&driver_url, &chromium, profile.path(), downloads.path()).await;
    // Run the steps as their own task so that a failed step still ends the browser session.
    let steps = tokio::spawn(run(
        client.clone(),
        server.url.clone(),
        downloads.path().to_path_buf(),
    ))
    .await;
    client.close().await.unwrap();
    if let Err(failure) = steps {
        std::panic::resume_unwind(failure.into_panic());
    }
}

async fn run(client: Client, url: String, downloads: PathBuf) {
    let client = &client;
    let downloads = downloads.as_path();
    client.goto(&format!("{url}/")).await.unwrap();
    wait_until(
        client,
        "return document.body.dataset.ready;",
        "the page to start",
    )
    .await;

    // Every visible control has a label a screen reader announces.
    let unlabelled = client
        .execute(
            "return [...document.querySelectorAll('input,select,button')]
               .filter(e => !e.closest('[hidden]'))
               .filter(e => e.tagName === 'BUTTON' ? !e.textContent.trim() : !e.labels.length)
               .map(e => e.id || e.name);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(unlabelled, json!([]), "controls without a label");
    screenshot(client, "1-start", 1280).await;
    let options = client
        .find(Locator::Css("details.options > summary"))
        .await
        .unwrap();
    options.click().await.unwrap();
    screenshot(client, "1b-options-tablet", 820).await;
    options.click().await.unwrap();

    // The keyboard reaches the room list's chooser from the top of the page.
    let first_field = client
        .execute(
            "const seen = [];
             for (const el of document.querySelectorAll('a[href], input, button, select, summary')) {
               if (el.closest('[hidden]')) continue; seen.push(el.id || el.textContent.trim());
             }
             return seen.indexOf('room_list') >= 0 && seen.indexOf('room_list') < seen.indexOf('build-button');",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(first_field, json!(true));

    // A room list, built into a package: the grand total is the command line's.
    let cli = cli_build(&sample("clinic-fitout.xlsx"));
    let grand_total = cli["totals"]["grand_total"].as_str().unwrap().to_string();
    choose_file(client, "room_list", &sample("clinic-fitout.xlsx")).await;
    client
        .find(Locator::Id("build-button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let shown = text_of(client, "grand-total").await;
    assert_eq!(shown, dollars(&grand_total));
    let page_text = client
        .find(Locator::Id("build-result"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page_text.contains("35 rooms"), "{page_text}");
    assert!(page_text.contains("Findings"), "{page_text}");
    screenshot(client, "2-built-laptop", 1280).await;
    // The view a PM sees first after a build (the README's picture, docs/serve.png).
    client.set_window_size(1000, 1100).await.unwrap();
    client
        .execute(
            "window.scrollTo(0, document.getElementById('build').offsetTop - 12);",
            vec![],
        )
        .await
        .unwrap();
    let png = client.screenshot().await.unwrap();
    std::fs::write(screenshots_dir().join("readme.png"), png).unwrap();
    client
        .execute("window.scrollTo(0, 0);", vec![])
        .await
        .unwrap();
    screenshot(client, "3-built-tablet", 820).await;

    // The whole package as one zip, through the browser's own download.
    client
        .find(Locator::Id("download-zip"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let zip = downloaded_zip(downloads);
    let inside = estimate_in_zip(&zip);
    assert_eq!(inside["totals"]["grand_total"], json!(grand_total));

    // A list with an unknown room type is read as a draft: the page offers a chooser per type,
    // the suggestion chosen, and choosing another type (a trauma room takes a label printer the
    // exam room it was typed as from its name does not) changes the total.
    choose_file(client, "room_list", &sample("bad/unknown-room-type.xlsx")).await;
    client
        .find(Locator::Id("build-button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_until(
        client,
        "return document.querySelector('.resolve select') ? true : null;",
        "the unknown room type to be offered for resolving",
    )
    .await;
    let page_text = client
        .find(Locator::Id("build-result"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page_text.contains("Draft."), "{page_text}");
    assert!(page_text.contains("Exam Rooom"), "{page_text}");
    let select = client.find(Locator::Css(".resolve select")).await.unwrap();
    let suggested = select.prop("value").await.unwrap();
    assert_eq!(suggested.as_deref(), Some("Exam Room"));
    let before = text_of(client, "grand-total").await;
    screenshot(client, "4-resolve", 1280).await;
    select.select_by_value("Trauma Room").await.unwrap();
    client
        .find(Locator::Id("resolve-apply"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let script = format!(
        "const t = document.getElementById('grand-total');
         return t && t.textContent !== {} ? t.textContent : null;",
        json!(before)
    );
    wait_until(client, &script, "the total to change after resolving").await;
    screenshot(client, "5-resolved", 1280).await;

    // A list with a problem that is not a room type is refused, the problem beside the file.
    choose_file(client, "room_list", &sample("bad/fractional-count.xlsx")).await;
    client
        .find(Locator::Id("build-button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_until(
        client,
        "const err = document.getElementById('room_list-error');
         return err && err.textContent.trim() ? true : null;",
        "the bad count to be reported",
    )
    .await;
    let error = text_of(client, "room_list-error").await;
    assert!(error.contains("row 4"), "{error}");
    assert!(error.contains("column K"), "{error}");
    let invalid = client
        .find(Locator::Id("room_list"))
        .await
        .unwrap()
        .attr("aria-invalid")
        .await
        .unwrap();
    assert_eq!(invalid.as_deref(), Some("true"));
    screenshot(client, "4-problems", 1280).await;

    // Text from an upload is shown as text: markup in a cell never becomes part of the page.
    let hostile = tempfile::tempdir().unwrap();
    let csv = hostile.path().join("hostile.csv");
    std::fs::write(
        &csv,
        "Room,Name,Type,Data Drops\n\
         101,<b>bold</b>,\"<img src=x onerror=\"\"document.body.dataset.pwned='yes'\"\">\",2\n",
    )
    .unwrap();
    choose_file(client, "room_list", &csv).await;
    client
        .find(Locator::Id("build-button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_until(
        client,
        "const err = document.getElementById('room_list-error');
         return (err && err.textContent.includes('onerror')) || document.querySelector('.resolve select');",
        "the hostile cell to be reported",
    )
    .await;
    let injected = client
        .execute(
            "return [document.body.dataset.pwned || null, document.querySelectorAll('main img, main b').length];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        injected,
        json!([null, 0]),
        "markup from the upload ran or rendered"
    );
    screenshot(client, "5b-hostile-cell", 1280).await;

    // Two revisions, a change order.
    choose_file(client, "old", &sample("west-tower-rev-a.xlsx")).await;
    choose_file(client, "new", &sample("west-tower-rev-b.xlsx")).await;
    client
        .find(Locator::Id("diff-button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let delta = text_of(client, "cost-delta").await;
    assert!(delta.starts_with('$'), "{delta}");
    client
        .execute("document.getElementById('diff').scrollIntoView();", vec![])
        .await
        .unwrap();
    screenshot(client, "6-change-order", 1280).await;

    // Another site's page posting a room list to sowgen is refused.
    client.goto(&foreign_site(&url)).await.unwrap();
    choose_file(client, "room_list", &sample("clinic-fitout.xlsx")).await;
    client
        .find(Locator::Id("go"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let body = wait_until(
        client,
        "return location.pathname === '/api/build' ? document.body.textContent : null;",
        "the cross-origin post to be answered",
    )
    .await;
    let body = body.as_str().unwrap_or("");
    assert!(body.contains("another site may not send work"), "{body}");
    assert!(!body.contains("\"job\""), "{body}");
    screenshot(client, "7-cross-origin-refused", 1280).await;
}
