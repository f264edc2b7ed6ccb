// The npm package's sample site (tests/e2e/package.test.mjs): installed from
// the packed tarball, type-checked with tsc --strict, bundled with esbuild
// and run in Chromium. It uses every API call, every event and every config
// field through the package's own types, and leaves what it saw on
// window.sample for the test to compare with the browser's jar.
import init from "consent-agent";
import type {
  AuditRow,
  AutoBlockConfig,
  CategoryConfig,
  Consent,
  ConsentAgent,
  ConsentAgentConfig,
  ConsentCookieConfig,
  ConsentLogConfig,
  DeclarationRow,
  GoogleConsentModeConfig,
  InitOptions,
  PlatformId,
  RuleConfig,
  SweepReport,
  TextKey,
  UiConfig,
} from "consent-agent";

// Every text key and every platform pack, each exactly once (a Record of a
// union must name every member and nothing else).
const english: Record<TextKey, string> = {
  bannerTitle: "Cookies on the sample shop",
  bannerText: "We use cookies to count visits.",
  acceptAll: "Accept all",
  rejectAll: "Reject all",
  preferences: "Preferences",
  dialogTitle: "Cookie preferences",
  dialogText: "Choose what we may store.",
  save: "Save choices",
  close: "Close",
  settings: "Cookie settings",
  alwaysOn: "Always on",
  entries: "Cookies",
  name: "Name",
  provider: "Provider",
  retention: "Retention",
  necessaryTitle: "Necessary",
  necessaryText: "The shop cannot work without these.",
  functionalTitle: "Functional",
  functionalText: "Remember your settings.",
  analyticsTitle: "Statistics",
  analyticsText: "Count visits.",
  marketingTitle: "Marketing",
  marketingText: "Ads.",
  placeholder: "This content needs your consent.",
  placeholderButton: "Allow",
  signal: "Your browser asks us not to share: {categories} stay off.",
};
const packs: Record<PlatformId, true> = {
  "liferay-dxp": true,
  "liferay-analytics-cloud": true,
  "liferay-cloud-console": true,
  creatio: true,
  "optimizely-cms": true,
  "optimizely-dxp": true,
};

// Every field of the configuration, and of each nested object (`Required`:
// none left out), so the test can compare it with the config's JSON Schema.
const config = {
  $schema: "./node_modules/consent-agent/schema.json",
  revision: 2,
  categories: [
    { id: "necessary", required: true, title: "Necessary", description: "The site cannot work without these." } satisfies Required<CategoryConfig>,
    { id: "functional", title: null, description: null },
    { id: "analytics", title: "Statistics" },
    { id: "marketing", required: false },
  ],
  rules: [
    {
      category: "analytics",
      cookies: ["_ga", "_ga_*"],
      localStorage: ["ac_client_*"],
      sessionStorage: [],
      indexedDB: ["stats_db*"],
      scripts: ["cdn.analytics.example.test"],
      provider: "Google",
      purpose: "Counts visits",
      retention: "2 years",
    } satisfies Required<RuleConfig>,
    { category: "functional", cookies: ["lang"], provider: null, purpose: null, retention: null },
  ],
  platforms: Object.keys(packs) as PlatformId[],
  catalog: true,
  unknown: "keep",
  consentCookie: { name: "consent_agent", domain: null, maxAgeDays: 30 } satisfies Required<ConsentCookieConfig>,
  ui: {
    enabled: true,
    language: "en",
    texts: { en: english, de: { bannerTitle: "Cookies bei uns" } },
    theme: "light",
    position: "box",
    floatingButton: false,
    shadowRoot: "closed",
  } satisfies Required<UiConfig>,
  reloadOnWithdraw: false,
  // The sample grants from script as the page loads, as a site restoring a
  // logged-in visitor's stored choice does: without this a grant would wait for
  // the visitor's interaction (it passed before only when a test's evaluate
  // happened to give the page a user gesture first).
  allowScriptGrants: true,
  googleConsentMode: {
    ad_storage: ["marketing"],
    ad_user_data: ["marketing"],
    ad_personalization: ["marketing"],
    analytics_storage: ["analytics"],
    functionality_storage: ["functional"],
    personalization_storage: ["functional"],
    security_storage: [],
    waitForUpdate: 500,
    adsDataRedaction: true,
    urlPassthrough: false,
    region: ["ES", "US-CA"],
  } satisfies Required<GoogleConsentModeConfig>,
  microsoftConsentMode: true,
  clarityConsent: true,
  autoBlock: { allow: ["www.googletagmanager.com"] } satisfies Required<AutoBlockConfig>,
  globalPrivacyControl: ["marketing"],
  consentLog: { url: "/app/consent-log" } satisfies Required<ConsentLogConfig>,
} satisfies Required<ConsentAgentConfig>;

// The other forms the union fields take.
const alternatives: ConsentAgentConfig[] = [
  { ui: false, googleConsentMode: true, autoBlock: false },
  { ui: { enabled: false }, googleConsentMode: { waitForUpdate: 0 }, autoBlock: true, unknown: "delete", catalog: false },
  { ui: true, googleConsentMode: false, autoBlock: {}, globalPrivacyControl: [] },
];

// Every event, with the detail type the package declares.
const events: { ready: Consent[]; change: Consent[]; sweep: SweepReport[] } = { ready: [], change: [], sweep: [] };
addEventListener("consentagent:ready", (event) => events.ready.push(event.detail));
window.addEventListener("consentagent:change", (event: CustomEvent<Consent>) => events.change.push(event.detail));
window.addEventListener("consentagent:sweep", (event) => {
  const report: SweepReport = event.detail;
  events.sweep.push(report);
});

const options: InitOptions = {
  config,
  // Bundled, the module's own URL is the bundle's: say where the files are.
  module: "/app/esm/consent_agent_bg.wasm",
  declaration: new URL("/app/consent-agent-declaration.json", location.href),
};
async function main(): Promise<void> {
  const agent: ConsentAgent = await init(options);
  const again = await init();

  // A script from a source the site's rules hold until analytics is granted.
  const tag = document.createElement("script");
  tag.src = `${location.protocol}//cdn.analytics.example.test:${location.port}/app/tag.js`;
  document.head.appendChild(tag);

  const start: Consent = agent.consent();
  const classified: Array<string | null> = [
    agent.classify("_ga"),
    agent.classify("ac_client_user", "localStorage"),
    agent.classify("nothing_knows_this", "sessionStorage"),
  ];
  const audit: AuditRow[] = agent.audit();
  const held = audit.filter((row) => row.storage === "script" || row.storage === "frame");
  const declaration: DeclarationRow[] = await agent.declaration();
  const report: SweepReport = agent.sweep();

  agent.showBanner();
  agent.showPreferences();
  agent.hide();

  agent.accept(["analytics"]);
  const afterAccept = { analytics: agent.accepted("analytics"), marketing: agent.accepted("marketing") };
  agent.acceptAll();
  const afterAcceptAll: Consent = agent.consent();
  // Written while analytics is granted: they land.
  document.cookie = "_ga=GA1.1.123.456; path=/";
  localStorage.setItem("ac_client_user", "1");

  /** What the sample saw, read by the test. */
  const sample: Sample = {
    same: agent === again && agent === window.consentAgent,
    config,
    start,
    classified,
    audit,
    held,
    declaration,
    report,
    afterAccept,
    afterAcceptAll,
    alternatives: alternatives.length,
    events,
    /** Refuses everything; the test then reads the jar. */
    rejectAll(): { consent: Consent; analytics: boolean; change: Consent | undefined; sweep: SweepReport | undefined } {
      agent.rejectAll();
      return { consent: agent.consent(), analytics: agent.accepted("analytics"), change: events.change[events.change.length - 1], sweep: events.sweep[events.sweep.length - 1] };
    },
    /** Forgets the choice. */
    reset(): Consent {
      agent.reset();
      return agent.consent();
    },
  };
  window.sample = sample;
}

/** What the sample saw (see main()). */
type Sample = {
  same: boolean;
  config: ConsentAgentConfig;
  start: Consent;
  classified: Array<string | null>;
  audit: AuditRow[];
  held: AuditRow[];
  declaration: DeclarationRow[];
  report: SweepReport;
  afterAccept: { analytics: boolean; marketing: boolean };
  afterAcceptAll: Consent;
  alternatives: number;
  events: typeof events;
  rejectAll(): { consent: Consent; analytics: boolean; change: Consent | undefined; sweep: SweepReport | undefined };
  reset(): Consent;
};
declare global {
  interface Window {
    sample?: Sample;
    sampleError?: string;
  }
}
main().catch((error: unknown) => {
  window.sampleError = String(error);
});
