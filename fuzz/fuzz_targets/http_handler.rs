//! `kg serve`'s request handler on arbitrary requests: a known status,
//! never a panic, and the store never written.
#![no_main]

use kg::server::{self, Config, Request};
use libfuzzer_sys::fuzz_target;
use oxigraph::store::Store;
use std::sync::OnceLock;
use std::time::Duration;

fn store() -> &'static Store {
    static STORE: OnceLock<Store> = OnceLock::new();
    STORE.get_or_init(|| Store::new().expect("in-memory store"))
}

fuzz_target!(|data: &[u8]| {
    // Fields separated by NUL: method, url, content type, accept, body.
    let mut parts = data.splitn(5, |&b| b == 0);
    let mut field = || String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let (method, url, ctype, accept) = (field(), field(), field(), field());
    let body = parts.next().unwrap_or_default().to_vec();
    let req = Request {
        method,
        url,
        content_type: (!ctype.is_empty()).then_some(ctype),
        accept: (!accept.is_empty()).then_some(accept),
        body,
    };
    let config = Config {
        timeout: Duration::from_secs(1),
        ..Config::default()
    };
    let response = server::handle(store(), &config, &req);
    assert!([200, 400, 403, 404, 405, 406, 413, 414, 415, 503].contains(&response.status));
    assert_eq!(store().len().unwrap(), 0);
});
