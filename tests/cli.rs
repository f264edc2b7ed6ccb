//! The command-line tool: exit codes and messages, from the built binary.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_consent-agent")).args(args).output().expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn check_accepts_a_valid_config() {
    let out = run(&["check", "tests/data/site.json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "tests/data/site.json: valid (4 categories, 1 rule patterns)\n");
}

#[test]
fn check_names_every_error_with_the_agents_words_and_fails() {
    let out = run(&["check", "tests/data/invalid.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "tests/data/invalid.json: rules[2].category: unknown category \"analytic\"\n\
         tests/data/invalid.json: unknown: must be one of \"keep\", \"delete\"\n\
         tests/data/invalid.json: 2 error(s); the agent would allow only required categories\n"
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&[]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    let missing = run(&["check", "tests/data/no-such-file.json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).starts_with("consent-agent: cannot read tests/data/no-such-file.json"));
    assert_eq!(run(&["declare", "tests/data/site.json", "--format", "pdf"]).status.code(), Some(2));
    assert_eq!(run(&["classify", "_ga", "--storage", "webSQL"]).status.code(), Some(2));
}

#[test]
fn classify_says_what_and_why() {
    let out = run(&["classify", "_gat_gtag_UA_12345_1"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "_gat_gtag_UA_12345_1 (cookie): analytics (from catalog, pattern \"_gat_gtag_UA_*\", provider Google Analytics)\n"
    );
    assert_eq!(text(&run(&["classify", "tp_lang"]).stdout), "tp_lang (cookie): unknown\n");
    let local = text(&run(&["classify", "ac_client_batch", "--storage", "localStorage"]).stdout);
    assert!(local.starts_with("ac_client_batch (localStorage): analytics"), "{local}");
    let pack = text(&run(&["classify", "ID", "--config", "tests/data/site.json"]).stdout);
    assert_eq!(pack, "ID (cookie): necessary (from platform pack liferay-dxp, pattern \"ID\", provider Liferay DXP)\n");
    let site = text(&run(&["classify", "shop_theme", "--config", "tests/data/site.json"]).stdout);
    assert_eq!(site, "shop_theme (cookie): functional (from site rule \"shop_theme\")\n");
}

#[test]
fn declare_prints_markdown_and_escaped_html() {
    let md = run(&["declare", "tests/data/site.json"]);
    assert_eq!(md.status.code(), Some(0));
    let md = text(&md.stdout);
    assert!(md.starts_with("## Strictly necessary\n\n| Name | Storage | Provider | Retention | Purpose |"), "{md}");
    assert!(md.contains("| `shop_theme` | cookie | Example Shop | 1 year | Remembers light or dark mode |"));
    assert!(md.contains("| `JSESSIONID` | cookie | Liferay DXP | session | Session id (set by the server: the server must honour the choice) |"));
    let html = text(&run(&["declare", "tests/data/site.json", "--format", "html"]).stdout);
    assert!(html.starts_with("<table><caption>Strictly necessary</caption>"), "{html}");
    assert!(html.contains("<code>com.liferay.commerce.model.CommerceOrder#*</code>"));
    assert_eq!(run(&["declare", "tests/data/invalid.json"]).status.code(), Some(1));
}

#[test]
fn tag_names_lists_what_the_script_tag_carries() {
    let out = run(&["tag-names"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    let names: Vec<&str> = stdout.lines().collect();
    assert!(names.windows(2).all(|w| w[0] < w[1]), "sorted and distinct");
    assert!(names.contains(&"_ga") && names.contains(&"ac_client_*"));
    // Native-only rows: a global cookie the server sets HttpOnly (ColdFusion's
    // CFTOKEN) and a third-party one (Google's IDE).
    assert!(!names.contains(&"CFTOKEN") && !names.contains(&"IDE"));
}
