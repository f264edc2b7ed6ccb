//! What the consent signals say now: Google Consent Mode v2 types, Microsoft
//! UET's `ad_storage` and Clarity's `consentv2`, worked out from the
//! categories granted ([`Engine::granted`], so Global Privacy Control and a
//! failed config apply to them as to storage). Pure; `src/web/signals.js`
//! sends them.

use crate::config::GoogleConsentMode;
use crate::engine::Engine;
use crate::prelude::*;

/// Whether every category in `needed` is granted (an empty list: always).
fn all_granted(engine: &Engine, needed: &[String]) -> bool {
    needed.iter().all(|c| engine.granted(c))
}

/// Google's consent types with whether each is granted now, in
/// [`crate::config::GOOGLE_TYPES`] order; `None` when the site did not turn
/// Consent Mode on.
pub fn google(engine: &Engine) -> Option<Vec<(&'static str, bool)>> {
    let google = engine.config.signals.google.as_ref()?;
    let mut types = Vec::new();
    for (t, needed) in &google.types {
        types.push((*t, all_granted(engine, needed)));
    }
    Some(types)
}

/// Google's consent types as the `default` command states them: granted
/// only when every category a type needs is required (so granted before
/// any choice), else denied.
pub fn google_default(engine: &Engine) -> Option<Vec<(&'static str, bool)>> {
    let google = engine.config.signals.google.as_ref()?;
    let required = |c: &String| c == crate::engine::NECESSARY || engine.config.category(c).is_some_and(|k| k.required);
    let mut types = Vec::new();
    for (t, needed) in &google.types {
        types.push((*t, needed.iter().all(required)));
    }
    Some(types)
}

/// The categories Microsoft's `ad_storage` needs: Google's mapping when
/// Consent Mode is on, else `marketing`.
fn ad_categories(google: Option<&GoogleConsentMode>) -> Vec<String> {
    match google {
        Some(g) => g.ad_storage().to_vec(),
        None => vec!["marketing".into()],
    }
}

/// Microsoft UET's `ad_storage` now, or `None` when the site turned it off.
pub fn microsoft(engine: &Engine) -> Option<bool> {
    let signals = &engine.config.signals;
    signals.microsoft.then(|| all_granted(engine, &ad_categories(signals.google.as_ref())))
}

/// Clarity's `(ad_Storage, analytics_Storage)` now, or `None` when off.
pub fn clarity(engine: &Engine) -> Option<(bool, bool)> {
    let signals = &engine.config.signals;
    if !signals.clarity {
        return None;
    }
    let analytics = match &signals.google {
        Some(g) => g.types.iter().find(|(t, _)| *t == "analytics_storage").map(|(_, c)| c.clone()).unwrap_or_default(),
        None => vec!["analytics".into()],
    };
    Some((all_granted(engine, &ad_categories(signals.google.as_ref())), all_granted(engine, &analytics)))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::engine::engine_for as engine;

    #[test]
    fn off_unless_asked_for_google_on_by_default_for_microsoft() {
        let e = engine("{}");
        assert_eq!(google(&e), None);
        assert_eq!(microsoft(&e), Some(false));
        assert_eq!(clarity(&e), Some((false, false)));
        let e = engine(r#"{"microsoftConsentMode": false, "clarityConsent": false}"#);
        assert_eq!((microsoft(&e), clarity(&e)), (None, None));
    }

    #[test]
    fn defaults_follow_the_categories_granted() {
        let mut e = engine(r#"{"googleConsentMode": true}"#);
        let denied: Vec<_> = google(&e).unwrap().into_iter().filter(|(_, g)| !g).map(|(t, _)| t).collect();
        assert_eq!(denied.len(), 6, "all but security_storage before a choice: {denied:?}");
        assert_eq!(google_default(&e), google(&e));
        e.choose(["analytics"], 1000, "x".into());
        let granted: Vec<_> = google(&e).unwrap().into_iter().filter(|(_, g)| *g).map(|(t, _)| t).collect();
        assert_eq!(granted, ["analytics_storage", "security_storage"]);
        assert_eq!(clarity(&e), Some((false, true)));
        e.choose(["marketing", "functional"], 1000, "x".into());
        assert_eq!(microsoft(&e), Some(true));
        // Global Privacy Control refuses marketing, and so every ad type.
        e.signal = true;
        assert_eq!(microsoft(&e), Some(false));
        assert!(google(&e).unwrap().iter().all(|(t, g)| !t.starts_with("ad_") || !g));
    }

    #[test]
    fn custom_mapping_needs_every_listed_category() {
        let mut e = engine(
            r#"{"googleConsentMode": {"analytics_storage": ["analytics", "functional"], "security_storage": ["functional"]}}"#,
        );
        e.choose(["analytics"], 1000, "x".into());
        let state = google(&e).unwrap();
        assert!(state.contains(&("analytics_storage", false)) && state.contains(&("security_storage", false)));
        e.choose(["analytics", "functional"], 1000, "x".into());
        assert!(google(&e).unwrap().contains(&("analytics_storage", true)));
    }
}
