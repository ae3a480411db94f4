//! The console's door: the token check on every request, which also tells
//! an agent from a supervisor, the login by `?token=` that turns into a
//! cookie, and the embedded page assets.

use super::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use subtle::ConstantTimeEq;

const PAGE: &str = include_str!("assets/index.html");
const SCRIPT: &str = include_str!("assets/console.js");
const STYLE: &str = include_str!("assets/console.css");
const TRY_PAGE: &str = include_str!("assets/try.html");
const TRY_SCRIPT: &str = include_str!("assets/try.js");
/// What both pages' scripts use (`$`, `el`, `toast`, the stage names).
const COMMON_SCRIPT: &str = include_str!("assets/common.js");

/// The cookie the page authenticates with after the login link.
const COOKIE: &str = "kefu_console";

/// Who a request comes from, by the token it carries. Handlers that only
/// supervisors may use take it as an extension.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Role {
    /// The console token: agents (and anyone the shop gives it to).
    #[default]
    Agent,
    /// The supervisors' token: also publishes scripts.
    Supervisor,
}

/// Who a request comes from, with a supervisor's name when their token is
/// their own; the record of publishes names them by it.
#[derive(Debug, Clone, Default)]
pub(super) struct Caller {
    pub role: Role,
    pub name: Option<String>,
}

impl Caller {
    /// How the record of publishes and the log name a supervisor (only
    /// supervisors publish): their own name, or the shared token's.
    pub fn signature(&self) -> String {
        self.name
            .clone()
            .unwrap_or_else(|| SHARED_SUPERVISOR.to_string())
    }
}

/// The record's name for whoever publishes with the shared token.
const SHARED_SUPERVISOR: &str = "主管(共用令牌)";

impl AppState {
    fn caller(&self, token: &str) -> Option<Caller> {
        if let Some(s) = self.supervisors.iter().find(|s| same(token, &s.token)) {
            Some(Caller {
                role: Role::Supervisor,
                name: s.name.clone(),
            })
        } else if same(token, &self.token) {
            Some(Caller::default())
        } else {
            None
        }
    }
}

/// A fresh random token: 32 bytes from the operating system, as hex.
pub fn generate_token() -> Result<String, String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| {
        format!("no randomness from the operating system for the console token: {e}")
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn same(given: &str, expected: &str) -> bool {
    // Length is not secret (it is fixed for generated tokens); content is.
    given.len() == expected.len() && bool::from(given.as_bytes().ct_eq(expected.as_bytes()))
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

fn cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == COOKIE).then_some(value)
        })
}

fn query_token(query: Option<&str>) -> Option<String> {
    query?.split('&').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        (name == "token").then(|| value.to_string())
    })
}

/// Lets a request through only with the token; answers the login link with
/// the cookie and a redirect that takes the token out of the address bar.
pub(super) async fn require_token(
    State(app): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let headers = request.headers();
    let caller = bearer(headers)
        .and_then(|t| app.caller(t))
        .or_else(|| cookie(headers).and_then(|t| app.caller(t)));
    let path = request.uri().path().to_string();
    // The login link: the agents' console or the supervisors' try page.
    let login = (path == "/" || path == "/try")
        .then(|| query_token(request.uri().query()))
        .flatten()
        .filter(|token| app.caller(token).is_some());
    let mut response = match (login, caller) {
        (Some(token), _) => {
            let cookie = format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict");
            let mut r = StatusCode::SEE_OTHER.into_response();
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                r.headers_mut().insert(header::SET_COOKIE, v);
            }
            if let Ok(v) = HeaderValue::from_str(&path) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        (None, Some(caller)) => {
            let mut request = request;
            request.extensions_mut().insert(caller);
            next.run(request).await
        }
        (None, None) if path.starts_with("/api/") => (
            StatusCode::UNAUTHORIZED,
            axum::Json(serde_json::json!({
                "error": "the console token is missing or wrong: send Authorization: Bearer <token>",
                "code": "unauthorized",
            })),
        )
            .into_response(),
        (None, None) => (
            StatusCode::UNAUTHORIZED,
            Html(
                "<!doctype html><meta charset=utf-8><title>kefu 客服台</title>\
                 <p>需要控制台令牌。请打开 <code>kefu serve</code> 启动时打印的链接\
                 (带 <code>?token=</code>)。</p>",
            ),
        )
            .into_response(),
    };
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'"),
    );
    response
}

pub(super) async fn page() -> Html<&'static str> {
    Html(PAGE)
}

fn javascript(body: &'static str) -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        body,
    )
        .into_response()
}

pub(super) async fn script() -> Response {
    javascript(SCRIPT)
}

pub(super) async fn common_script() -> Response {
    javascript(COMMON_SCRIPT)
}

pub(super) async fn try_page() -> Html<&'static str> {
    Html(TRY_PAGE)
}

pub(super) async fn try_script() -> Response {
    javascript(TRY_SCRIPT)
}

pub(super) async fn style() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_hex_and_compared_whole() {
        let a = generate_token().unwrap();
        let b = generate_token().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert!(same(&a, &a.clone()));
        assert!(!same(&a[..63], &a));
        assert!(!same(&b, &a));
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("x=1; kefu_console=abc"),
        );
        assert_eq!(cookie(&headers), Some("abc"));
        assert_eq!(query_token(Some("a=1&token=xyz")).as_deref(), Some("xyz"));
    }
}
