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
/// Rate buckets kept at most (phones and addresses): when full, the least recently seen go, so
/// clients without a cookie (a new address, or a page loaded again and again without cookies)
/// cannot grow the server's memory without bound.
pub const MAX_BUCKETS: usize = 4096;
/// Phone tokens kept at most: when full, those that never voted go first, least recently seen
/// first (a token forgotten after it voted could vote again under a new one, so voters go last).
pub const MAX_PHONES: usize = 4096;
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
    /// Each phone's token, with its last ballot.
    phones: Mutex<HashMap<String, Phone>>,
    buckets: Mutex<HashMap<Limited, (f64, Instant)>>,
}

/// What the server remembers of a phone.
#[derive(Debug, Clone, Copy)]
struct Phone {
    /// Its last ballot: (decision, letter).
    ballot: Option<(usize, usize)>,
    /// When it was last seen.
    seen: Instant,
}

/// Makes room for one more entry in `map` when it holds `max`: the first by `order` go (an
/// eighth of `max` more than needed, so a full map is not sorted again at every request).
fn make_room<K: Clone + Eq + std::hash::Hash, V, O: Ord>(
    map: &mut HashMap<K, V>,
    max: usize,
    order: impl Fn(&V) -> O,
) {
    if map.len() < max {
        return;
    }
    let mut by_age: Vec<(O, K)> = map.iter().map(|(k, v)| (order(v), k.clone())).collect();
    by_age.sort_by(|a, b| a.0.cmp(&b.0));
    let excess = map.len() + 1 - max + max / 8;
    for (_, k) in by_age.into_iter().take(excess) {
        map.remove(&k);
    }
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
        let mut phones = self.phones.lock().expect("phones lock");
        let phone = phones.get_mut(&t)?;
        phone.seen = Instant::now();
        Some(t)
    }

    /// Takes one request from the bucket of `who`; false when it is empty.
    fn allow(&self, who: Limited) -> bool {
        let (burst, rate) = match who {
            Limited::Phone(_) => (BURST, PER_SECOND),
            Limited::Addr(_) => (ADDR_BURST, ADDR_PER_SECOND),
        };
        let now = Instant::now();
        let mut b = self.buckets.lock().expect("buckets lock");
        if !b.contains_key(&who) {
            make_room(&mut b, MAX_BUCKETS, |&(_, at)| at);
        }
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
        if !phones.contains_key(&token) {
            make_room(&mut phones, MAX_PHONES, |p| (p.ballot.is_some(), p.seen));
        }
        let p = phones.entry(token.clone()).or_insert(Phone {
            ballot: None,
            seen: Instant::now(),
        });
        p.ballot
            .filter(|(d, _)| *d == view.decision)
            .map(|(_, l)| l)
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
    state.phones.lock().expect("phones lock").insert(
        token.clone(),
        Phone {
            ballot: Some((view.decision, letter)),
            seen: Instant::now(),
        },
    );
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    fn state() -> State {
        let (_, view) = watch::channel(Arc::new(RoomView::default()));
        let (_, key) = watch::channel(String::new());
        let (events, _) = std::sync::mpsc::channel();
        State::new("ABCD".into(), Lang::EN, view, key, events)
    }

    fn addr(i: u32) -> Limited {
        Limited::Addr(IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + i)))
    }

    #[test]
    fn the_rate_buckets_are_bounded_and_the_oldest_go_first() {
        let s = state();
        // A client that has spent its burst.
        let busy = addr(0);
        while s.allow(busy.clone()) {}
        // Ten thousand cookie-less clients, each once.
        for i in 1..=10_000 {
            assert!(s.allow(addr(i)));
            assert!(s.buckets.lock().unwrap().len() <= MAX_BUCKETS);
        }
        let b = s.buckets.lock().unwrap();
        assert!(b.contains_key(&addr(10_000)), "the newest stay");
        assert!(!b.contains_key(&addr(1)), "the oldest went");
        assert!(!b.contains_key(&busy));
        drop(b);
        // A client seen recently keeps its (spent) bucket.
        let recent = addr(9_999);
        while s.allow(recent.clone()) {}
        assert!(s.allow(addr(10_001)));
        assert!(!s.allow(recent), "its bucket was not forgotten");
    }

    #[test]
    fn phones_that_voted_are_forgotten_last() {
        let mut map = HashMap::new();
        let t0 = Instant::now();
        let at = |ms: u64| t0 + std::time::Duration::from_millis(ms);
        map.insert(
            "voter".to_string(),
            Phone {
                ballot: Some((1, 0)),
                seen: at(0),
            },
        );
        for i in 0..7 {
            map.insert(
                format!("idle{i}"),
                Phone {
                    ballot: None,
                    seen: at(10 + i),
                },
            );
        }
        make_room(&mut map, 8, |p| (p.ballot.is_some(), p.seen));
        // Room for one, and an eighth of 8 more: the two idle phones seen first went.
        assert_eq!(map.len(), 6);
        assert!(map.contains_key("voter"));
        assert!(!map.contains_key("idle0") && !map.contains_key("idle1"));
        assert!(map.contains_key("idle6"));
        // Below the cap nothing goes.
        make_room(&mut map, 8, |p| (p.ballot.is_some(), p.seen));
        assert_eq!(map.len(), 6);
    }
}
