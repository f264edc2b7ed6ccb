//! The jar and record targets: each input through the readers, and the properties their answers must have.

#![allow(clippy::wildcard_imports)]
use super::*;

// ---------------------------------------------------------------- jar

/// `jar`: a `document.cookie` string; `write`: a `document.cookie = …`
/// assignment; `name` (repeatable): names whose values are read.
pub(super) fn jar_target(input: &Input) -> Outcome {
    let text = input.get("jar").unwrap_or_default();
    let write = input.get("write").unwrap_or_default();
    let start = Instant::now();
    let cookies = jar::parse(text);
    let keys: Vec<String> = cookies.iter().map(JarCookie::key).collect();
    let written = jar::written_name(write);
    let looked_up: Vec<(&str, Vec<&str>)> = cookies
        .iter()
        .filter(|c| !c.bare)
        .take(8)
        .map(|c| c.name)
        .chain(input.all("name"))
        .map(|name| (name, jar::values(text, name).collect()))
        .collect();
    let parse_time = start.elapsed();
    let result = (|| {
        let pairs = text.split(';').filter(|p| !p.trim_matches([' ', '\t']).is_empty()).count();
        let counted: usize = cookies.iter().map(|c| c.count).sum();
        ensure!(counted == pairs, "the counts add up to {counted}, the jar has {pairs} non-empty pairs");
        for (i, c) in cookies.iter().enumerate() {
            ensure!(c.count >= 1, "{:?} counted {} times", c.name, c.count);
            ensure!(!c.name.contains(';') && !c.name.contains('='), "name {:?} holds a separator", c.name);
            ensure!(c.name.trim_matches([' ', '\t']) == c.name, "name {:?} is not trimmed", c.name);
            ensure!(!c.bare || !c.name.is_empty(), "an empty bare name");
            let key = if c.bare { c.name.to_string() } else { format!("{}=", c.name) };
            ensure!(keys[i] == key, "key {:?} for {:?}", keys[i], c);
            ensure!(!cookies[..i].iter().any(|d| d.name == c.name && d.bare == c.bare), "{:?} listed twice", c.name);
        }
        // A jar of the deletion keys reads back as the same cookies.
        let again = owned_names(&keys.join("; "));
        let names: Vec<(String, bool)> = cookies.iter().map(|c| (c.name.to_string(), c.bare)).collect();
        ensure!(again == names, "the keys {:?} read back as {:?}", excerpt(&keys.join("; ")), again);
        // The name a write sets is the one the jar shows (both trim only
        // spaces and tabs).
        let first = write.split(';').next().unwrap_or_default();
        if let Some(shown) = jar::parse(first).first() {
            ensure!(written == shown.name, "write {} sets {:?}, not {written:?}", excerpt(write), shown.name);
        }
        // `values` finds every pair of the name (trimmed like `parse`).
        for (name, values) in &looked_up {
            ensure!(values.iter().all(|v| !v.contains(';')), "a value of {name:?} holds `;`");
            let want: usize = cookies.iter().filter(|c| !c.bare && c.name == *name).map(|c| c.count).sum();
            ensure!(values.len() == want, "{name:?}: {} values, the jar has {want}", values.len());
        }
        Ok(())
    })();
    Outcome { parse_time, result }
}

/// Names and bareness of the cookies in a jar, owned.
pub(super) fn owned_names(text: &str) -> Vec<(String, bool)> {
    jar::parse(text).into_iter().map(|c| (c.name.to_string(), c.bare)).collect()
}

// ---------------------------------------------------------------- record

thread_local! {
    /// One engine per thread with the default config: building one costs
    /// more than reading a record. Each input sets the fields it needs.
    static RECORD_ENGINE: RefCell<Engine> = RefCell::new(Engine::new(Config::default(), Vec::new()));
}

pub(super) fn standard_category(id: &str) -> bool {
    STANDARD_CATEGORIES.contains(&id)
}

/// Whether `name` is a consent cookie name the config accepts.
pub(super) fn valid_cookie_name(name: &str) -> bool {
    !name.is_empty() && config::forbidden_cookie_char(name).is_none() && !name.contains('*')
}

/// `value`: a record cookie value; `jar`: a `document.cookie` string with
/// records in it; `name`: the record's cookie name; `now`, `revision`,
/// `max-age-days`, `loading` (`1`), `signal` (`1`), `secure` (`1`): the
/// page's state; `choose` (space-separated ids) and `id`: a choice to record,
/// write and read back.
pub(super) fn record_target(input: &Input) -> Outcome {
    let value = input.get("value").unwrap_or_default();
    let jar_text = input.get("jar").unwrap_or_default();
    let name = input.get("name").unwrap_or("consent_agent");
    let now = input.number("now").unwrap_or(1_790_000_000);
    let revision = input.number("revision").map_or(1, |r| r.min(u32::MAX as u64) as u32);
    let max_age_days = input.number("max-age-days").map_or(182, |d| d.clamp(1, 3650) as u32);
    let loading = input.get("loading") == Some("1");
    let secure = input.get("secure") == Some("1");
    let chosen = input.get("choose");
    // Choices are made at the browser's clock, not at any stored time.
    let choose_now = now % 1_000_000_000_000;
    let choose_id: String =
        input.get("id").unwrap_or("0").chars().filter(char::is_ascii_alphanumeric).take(64).collect();
    let choose_id = if choose_id.is_empty() { "0".to_string() } else { choose_id };
    RECORD_ENGINE.with(|cell| {
        let mut engine = cell.borrow_mut();
        engine.config.consent_cookie.name = name.to_string();
        engine.config.consent_cookie.max_age_days = max_age_days;
        engine.config.revision = revision;
        engine.signal = input.get("signal") == Some("1");
        let max_age = u64::from(max_age_days) * 86_400;
        let start = Instant::now();
        let decoded = ConsentRecord::decode(value);
        let validated = decoded.as_ref().ok().map(|r| r.validate(now, Some(revision), standard_category, max_age));
        let loaded = engine.load_record(jar_text, now, loading, consent_agent::engine::Attribution::Any);
        let loaded_record = engine.record.clone();
        let granted: Vec<bool> = engine.categories().map(|(_, g)| g).collect();
        let round_trip = chosen.map(|ids| {
            let record = engine.choose(ids.split(' '), choose_now, choose_id.clone()).clone();
            let write = engine.record_write(&record, secure);
            let jar_again = write.split(';').next().unwrap_or_default().to_string();
            let again = engine.load_record(&jar_again, choose_now, false, consent_agent::engine::Attribution::Any);
            (record, write, again, engine.record.clone())
        });
        let parse_time = start.elapsed();
        let result = (|| {
            if let Ok(r) = &decoded {
                let text = r.encode();
                ensure!(
                    text.bytes().all(|b| b.is_ascii_graphic() && !b";,\\\"".contains(&b)),
                    "{r:?} encodes as {text:?}, not a plain cookie value"
                );
                ensure!(ConsentRecord::decode(&text).as_ref() == Ok(r), "{r:?} does not survive encode and decode");
                ensure!(
                    !r.id.is_empty() && r.id.len() <= 64 && r.id.bytes().all(|b| b.is_ascii_alphanumeric()),
                    "decoded id {:?}",
                    r.id
                );
                ensure!(r.granted.iter().chain(&r.denied).all(|id| config::valid_id(id)), "decoded ids {r:?}");
                if validated == Some(Ok(())) {
                    ensure!(now < r.expires_at, "{r:?} valid at {now}, after it expired");
                    ensure!(r.revision == revision, "{r:?} valid under revision {revision}");
                }
            }
            let values: Vec<&str> = jar::values(jar_text, name).collect();
            match &loaded {
                Err(e) => ensure!(loaded_record.is_none(), "refused ({e}) yet a record is in force"),
                Ok(n) => {
                    ensure!(*n == values.len(), "read {n} records, the jar holds {} of {name:?}", values.len());
                    ensure!(loaded_record.is_some() == (*n > 0), "{n} records read, in force: {loaded_record:?}");
                    if let Some(combined) = &loaded_record {
                        for v in &values {
                            let Ok(one) = ConsentRecord::decode(v) else {
                                return Err(format!("accepted a jar with the undecodable record {}", excerpt(v)));
                            };
                            ensure!(
                                combined.granted.iter().all(|g| one.grants(g)),
                                "in force {combined:?} grants more than the stored {one:?}"
                            );
                        }
                    }
                }
            }
            ensure!(granted.len() == engine.config.categories.len(), "categories() lost a category");
            if let Some((record, write, again, reread)) = &round_trip {
                if valid_cookie_name(name) {
                    ensure!(
                        *again == Ok(1) && reread.as_ref() == Some(record),
                        "the choice {record:?}, written as {write:?}, reads back as {again:?} {reread:?}"
                    );
                }
            }
            Ok(())
        })();
        Outcome { parse_time, result }
    })
}
