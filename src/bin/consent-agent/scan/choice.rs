//! Making the visitor's choice for a pass: through consent-agent's API when
//! the page runs it, else by clicking a button whose accessible name is a
//! common "Reject all" or "Accept all" label, with a real mouse click (the
//! DevTools `Input` domain), since many banners ignore synthetic clicks.

use super::browser::Session;
use super::findings::Pass;
use std::time::{Duration, Instant};

/// Labels of reject buttons, most specific first, in the languages the agent
/// speaks (en, de, fr, es, it, nl, pl, pt, sv). Compared with the button's
/// accessible name in lower case with its white space collapsed.
pub const REJECT_LABELS: &[&str] = &[
    "reject all",
    "reject all cookies",
    "decline all",
    "deny all",
    "refuse all",
    "only necessary",
    "necessary only",
    "only essential",
    "accept only necessary",
    "use necessary cookies only",
    "reject",
    "decline",
    "deny",
    "refuse",
    "alle ablehnen",
    "nur notwendige",
    "ablehnen",
    "tout refuser",
    "refuser",
    "continuer sans accepter",
    "rechazar todo",
    "rechazar todas",
    "rechazar",
    "rifiuta tutto",
    "rifiuta tutti",
    "rifiuta",
    "alles weigeren",
    "alle weigeren",
    "weigeren",
    "odrzuć wszystkie",
    "odrzuć",
    "rejeitar tudo",
    "rejeitar todos",
    "rejeitar",
    "avvisa alla",
    "neka alla",
    "avvisa",
    "neka",
];

/// Labels of accept buttons, most specific first.
pub const ACCEPT_LABELS: &[&str] = &[
    "accept all",
    "accept all cookies",
    "allow all",
    "allow all cookies",
    "agree to all",
    "accept",
    "i accept",
    "agree",
    "i agree",
    "allow",
    "alle akzeptieren",
    "alle zulassen",
    "akzeptieren",
    "zustimmen",
    "tout accepter",
    "accepter",
    "aceptar todo",
    "aceptar todas",
    "aceptar",
    "accetta tutto",
    "accetta tutti",
    "accetta",
    "alles accepteren",
    "alle accepteren",
    "accepteren",
    "akceptuj wszystkie",
    "zaakceptuj wszystkie",
    "akceptuj",
    "aceitar tudo",
    "aceitar todos",
    "aceitar",
    "godkänn alla",
    "acceptera alla",
    "godkänn",
    "acceptera",
];

/// The page script that finds the button: its centre in CSS pixels and the
/// label it matched, or `null`. Open shadow roots are searched too; the walk
/// stops after 20,000 elements.
const FIND_BUTTON: &str = r#"(labels) => {
  const norm = s => String(s || '').replace(/\s+/g, ' ').trim().toLowerCase();
  const found = [];
  let seen = 0;
  const walk = root => {
    for (const el of root.querySelectorAll('*')) {
      if (++seen > 20000) return;
      if (el.matches('button, [role=button], a, input[type=button], input[type=submit]')) found.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  const name = el => norm(el.getAttribute('aria-label') || (el.tagName === 'INPUT' ? el.value : el.textContent));
  for (const label of labels) {
    const el = found.find(e => name(e) === label && e.getClientRects().length > 0);
    if (el) {
      el.scrollIntoView({ block: 'center' });
      const r = el.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2, label };
    }
  }
  return null;
}"#;

/// Makes the pass's choice on the loaded page and says how.
pub fn make(session: &Session, pass: Pass) -> String {
    let (method, labels, word) = match pass {
        Pass::AfterAccept => ("acceptAll", ACCEPT_LABELS, "accept"),
        _ => ("rejectAll", REJECT_LABELS, "reject"),
    };
    let api = format!(
        "(async () => {{ const a = window.consentAgent; if (!a || typeof a.{method} !== 'function') return false; \
         await a.{method}(); return true; }})()"
    );
    let note = if session.evaluate_as_visitor(&api).and_then(|v| v.as_bool()) == Some(true) {
        format!("{word}ed through consent-agent's API ({method}())")
    } else {
        let labels = serde_json::to_string(labels).unwrap_or_default();
        match session.evaluate(&format!("({FIND_BUTTON})({labels})")) {
            Some(found) if found.is_object() => {
                let x = found.get("x").and_then(|v| v.as_f64()).unwrap_or_default();
                let y = found.get("y").and_then(|v| v.as_f64()).unwrap_or_default();
                let label = found.get("label").and_then(|v| v.as_str()).unwrap_or_default().to_string();
                match session.click(x, y) {
                    Ok(()) => format!("clicked the button named “{label}”"),
                    Err(e) => format!("found the button named “{label}” but could not click it: {e}"),
                }
            }
            _ => format!(
                "no consent-agent and no button named like “{}” found: the pass saw the page without a choice",
                labels_hint(pass)
            ),
        }
    };
    let _ = session.wait_quiet(Instant::now());
    std::thread::sleep(Duration::from_millis(500));
    note
}

fn labels_hint(pass: Pass) -> &'static str {
    match pass {
        Pass::AfterAccept => "Accept all",
        _ => "Reject all",
    }
}
