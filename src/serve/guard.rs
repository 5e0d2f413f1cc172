//! Who may talk to the server. Any web page the user visits can make their browser send requests to
//! 127.0.0.1, so: the Host header must be our own address (a DNS-rebinding page names its own
//! host), and a POST whose Origin or Sec-Fetch-Site says another site sent it is refused.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::sync::Arc;

/// The hosts the server answers to.
#[derive(Debug, Clone)]
pub enum Hosts {
    /// Bound to loopback: only these `host:port` values.
    Only(Vec<String>),
    /// Bound elsewhere on purpose (`--listen`): any host, but an Origin must still match it.
    Any,
}

impl Hosts {
    pub fn loopback(port: u16) -> Hosts {
        Hosts::Only(vec![
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
        ])
    }

    fn allows(&self, host: &str) -> bool {
        match self {
            Hosts::Only(hosts) => hosts.iter().any(|h| h.eq_ignore_ascii_case(host)),
            Hosts::Any => true,
        }
    }
}

fn refuse(status: StatusCode, message: &str) -> Response {
    let body = json!({"errors": [{"field": null, "message": message}]});
    (status, axum::Json(body)).into_response()
}

/// Why a request is refused, or `None` to serve it.
pub fn refusal(hosts: &Hosts, method: &Method, headers: &HeaderMap) -> Option<&'static str> {
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let host = text(header::HOST).unwrap_or("");
    if !hosts.allows(host) {
        return Some("this server answers only to its own address");
    }
    if method == Method::GET || method == Method::HEAD {
        return None;
    }
    if let Some(origin) = text(header::ORIGIN)
        && !origin.eq_ignore_ascii_case(&format!("http://{host}"))
    {
        return Some("a page from another site may not send work to sowgen");
    }
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        None | Some("same-origin") | Some("none") => None,
        Some(_) => Some("a page from another site may not send work to sowgen"),
    }
}

pub async fn check(State(hosts): State<Arc<Hosts>>, request: Request, next: Next) -> Response {
    if let Some(reason) = refusal(&hosts, request.method(), request.headers()) {
        return with_headers(refuse(StatusCode::FORBIDDEN, reason));
    }
    with_headers(next.run(request).await)
}

/// Headers on every response: nothing loads from elsewhere, no framing, no sniffing.
fn with_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let fixed = [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::CACHE_CONTROL, "no-store"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    headers.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, HeaderValue::from_static(v));
        }
        map
    }

    #[test]
    fn same_origin_posts_pass_and_foreign_ones_do_not() {
        let hosts = Hosts::loopback(8750);
        let own = headers(&[
            ("host", "127.0.0.1:8750"),
            ("origin", "http://127.0.0.1:8750"),
        ]);
        assert_eq!(refusal(&hosts, &Method::POST, &own), None);
        let foreign = headers(&[
            ("host", "127.0.0.1:8750"),
            ("origin", "http://evil.example"),
        ]);
        assert!(refusal(&hosts, &Method::POST, &foreign).is_some());
        let null = headers(&[("host", "127.0.0.1:8750"), ("origin", "null")]);
        assert!(refusal(&hosts, &Method::POST, &null).is_some());
        let cross = headers(&[("host", "localhost:8750"), ("sec-fetch-site", "cross-site")]);
        assert!(refusal(&hosts, &Method::POST, &cross).is_some());
        let tool = headers(&[("host", "localhost:8750")]);
        assert_eq!(refusal(&hosts, &Method::POST, &tool), None);
    }

    #[test]
    fn a_rebound_host_name_is_refused_even_for_reading() {
        let hosts = Hosts::loopback(8750);
        let rebound = headers(&[("host", "attacker.example:8750")]);
        assert!(refusal(&hosts, &Method::GET, &rebound).is_some());
        assert!(refusal(&hosts, &Method::GET, &HeaderMap::new()).is_some());
        let any = Hosts::Any;
        let lan = headers(&[
            ("host", "10.0.0.5:8750"),
            ("origin", "http://10.0.0.5:8750"),
        ]);
        assert_eq!(refusal(&any, &Method::POST, &lan), None);
    }
}
