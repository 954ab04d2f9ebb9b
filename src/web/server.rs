//! The routes and the guards in front of them. Every request: at most a few a second per phone
//! (429), the room code as the first path segment (403), bodies of a few kilobytes at most
//! (413); every response: a Content-Security-Policy without inline script.

use super::page::{self, Ballot};
use crate::engine::room::RoomView;
use crate::i18n::Lang;
use crate::tui::events::Event;
use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Form, Path, Request, State as Extract};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use std::collections::HashMap;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, mpsc::Sender};
use std::time::Instant;
use tokio::sync::watch;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::WatchStream;

/// Request bodies larger than this are refused (a ballot is a dozen bytes).
pub const MAX_BODY: usize = 2048;
/// A phone may burst this many requests (a page with its style, script and event stream is
/// four), then [`PER_SECOND`] a second.
const BURST: f64 = 16.0;
const PER_SECOND: f64 = 5.0;
/// Requests without a phone's cookie are limited per network address, more loosely (phones
/// behind one address join together).
const ADDR_BURST: f64 = 300.0;
const ADDR_PER_SECOND: f64 = 100.0;
/// The cookie holding a phone's anonymous token.
const COOKIE: &str = "fd_phone";
/// Forbids inline script and anything from elsewhere.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; \
                   form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const SCRIPT: &str = include_str!("phone.js");
const STYLE: &str = include_str!("phone.css");

/// What the handlers share.
pub struct State {
    code: String,
    lang: Lang,
    view: watch::Receiver<Arc<RoomView>>,
    key: watch::Receiver<String>,
    events: Mutex<Sender<Event>>,
    /// Each phone's token, with its last ballot (decision, letter).
    phones: Mutex<HashMap<String, Option<(usize, usize)>>>,
    buckets: Mutex<HashMap<Limited, (f64, Instant)>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Limited {
    Phone(String),
    Addr(IpAddr),
}

type Shared = Arc<State>;

impl State {
    pub fn new(
        code: String,
        lang: Lang,
        view: watch::Receiver<Arc<RoomView>>,
        key: watch::Receiver<String>,
        events: Sender<Event>,
    ) -> Self {
        Self {
            code,
            lang,
            view,
            key,
            events: Mutex::new(events),
            phones: Mutex::new(HashMap::new()),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    fn send(&self, e: Event) {
        let _ = self.events.lock().expect("events lock").send(e);
    }

    /// The phone's token when the cookie holds one this server gave out.
    fn token(&self, headers: &HeaderMap) -> Option<String> {
        let t = cookie(headers)?;
        self.phones
            .lock()
            .expect("phones lock")
            .contains_key(&t)
            .then_some(t)
    }

    /// Takes one request from the bucket of `who`; false when it is empty.
    fn allow(&self, who: Limited) -> bool {
        let (burst, rate) = match who {
            Limited::Phone(_) => (BURST, PER_SECOND),
            Limited::Addr(_) => (ADDR_BURST, ADDR_PER_SECOND),
        };
        let now = Instant::now();
        let mut b = self.buckets.lock().expect("buckets lock");
        let (tokens, at) = b.entry(who).or_insert((burst, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * rate).min(burst);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

fn cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string())
        .filter(|v| v.len() == 32 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Serves until the listener fails (the caller drops this future to stop).
pub async fn serve(listener: tokio::net::TcpListener, state: State) {
    let state = Arc::new(state);
    let app = Router::new()
        .route("/{room}", get(to_page))
        .route("/{room}/", get(phone_page))
        .route("/{room}/vote", post(vote))
        .route("/{room}/events", get(events))
        .route("/{room}/phone.js", get(script))
        .route("/{room}/phone.css", get(style))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn_with_state(Arc::clone(&state), guard))
        .with_state(state);
    let _ = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await;
}

/// The guards every request passes, and the headers every response gets.
async fn guard(
    Extract(state): Extract<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    req: Request,
    next: Next,
) -> Response {
    let t = state.lang.texts();
    let who = match state.token(req.headers()) {
        Some(token) => Limited::Phone(token),
        None => Limited::Addr(peer.ip()),
    };
    let mut res = if !state.allow(who) {
        page::notice(
            state.lang,
            StatusCode::TOO_MANY_REQUESTS,
            t.phone_slow_down(),
            None,
        )
    } else if req.uri().path().split('/').nth(1) != Some(state.code.as_str()) {
        page::notice(
            state.lang,
            StatusCode::FORBIDDEN,
            t.phone_wrong_room(),
            None,
        )
    } else {
        let res = next.run(req).await;
        if res.status() == StatusCode::PAYLOAD_TOO_LARGE {
            page::notice(
                state.lang,
                StatusCode::PAYLOAD_TOO_LARGE,
                t.phone_too_big(),
                Some("./"),
            )
        } else {
            res
        }
    };
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    res
}

async fn not_found(Extract(state): Extract<Shared>) -> Response {
    let t = state.lang.texts();
    page::notice(
        state.lang,
        StatusCode::NOT_FOUND,
        t.phone_not_found(),
        Some("./"),
    )
}

async fn to_page(Path(room): Path<String>) -> Redirect {
    // The guard has checked the code: it is plain letters.
    Redirect::permanent(&format!("/{room}/"))
}

async fn phone_page(Extract(state): Extract<Shared>, headers: HeaderMap) -> Response {
    let view = Arc::clone(&state.view.borrow());
    let (token, new) = match state.token(&headers) {
        Some(t) => (t, false),
        None => (format!("{:032x}", rand::random::<u128>()), true),
    };
    let ballot = {
        let mut phones = state.phones.lock().expect("phones lock");
        let b = phones.entry(token.clone()).or_insert(None);
        b.filter(|(d, _)| *d == view.decision).map(|(_, l)| l)
    };
    if new {
        state.send(Event::PhoneJoined);
    }
    let mut res = page::phone(state.lang, &view, ballot.map(Ballot));
    if new {
        let c = format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=86400");
        if let Ok(v) = HeaderValue::from_str(&c) {
            res.headers_mut().insert(header::SET_COOKIE, v);
        }
    }
    res
}

#[derive(serde::Deserialize)]
struct VoteForm {
    letter: String,
}

async fn vote(
    Extract(state): Extract<Shared>,
    headers: HeaderMap,
    Form(form): Form<VoteForm>,
) -> Response {
    let back = format!("/{}/", state.code);
    let Some(token) = state.token(&headers) else {
        // No phone yet: the page gives it its token; nothing is counted.
        return Redirect::to(&back).into_response();
    };
    let view = Arc::clone(&state.view.borrow());
    let t = state.lang.texts();
    let letter = form
        .letter
        .parse::<usize>()
        .ok()
        .filter(|&l| l < view.replies.len());
    let Some(letter) = letter else {
        return page::notice(
            state.lang,
            StatusCode::BAD_REQUEST,
            t.phone_not_found(),
            Some(&back),
        );
    };
    if !view.voting_open || view.ended {
        let text = if view.ended {
            t.phone_ended()
        } else {
            t.phone_voting_closed()
        };
        return page::notice(state.lang, StatusCode::CONFLICT, text, Some(&back));
    }
    state
        .phones
        .lock()
        .expect("phones lock")
        .insert(token.clone(), Some((view.decision, letter)));
    state.send(Event::Vote { token, letter });
    Redirect::to(&back).into_response()
}

async fn events(
    Extract(state): Extract<Shared>,
) -> Sse<impl tokio_stream::Stream<Item = Result<SseEvent, Infallible>>> {
    let stream = WatchStream::new(state.key.clone()).map(|k| Ok(SseEvent::default().data(k)));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        SCRIPT,
    )
}

async fn style() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        STYLE,
    )
}
