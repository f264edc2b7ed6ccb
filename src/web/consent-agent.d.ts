// Type declarations of the consent-agent npm package, written by hand and
// checked against the runtime (src/web/agent.js, module.js, the config
// reader in src/config/) by tests/e2e/package.test.mjs. Needs the DOM lib
// ("lib": ["dom", …]).
//
//   import init, { type ConsentAgentConfig } from "consent-agent";
//   const agent = await init({ config });
//
// The script-tag file (`consent-agent/script`) publishes the same object as
// `window.consentAgent`, typed by the global augmentation at the end.

/** A category id: 1 to 40 ASCII letters, digits, `_` or `-`. */
export type CategoryId = string;

/** The four categories a config without `categories` has, and the catalog uses. */
export type StandardCategoryId = "necessary" | "functional" | "analytics" | "marketing";

/** Where an entry lives. */
export type StorageKind = "cookie" | "localStorage" | "sessionStorage" | "indexedDB";

/** Opt-in platform packs: names that mean something only on one platform. */
export type PlatformId =
  | "liferay-dxp"
  | "liferay-analytics-cloud"
  | "liferay-cloud-console"
  | "creatio"
  | "optimizely-cms"
  | "optimizely-dxp";

/** Where a classification comes from: the site's rules (and the agent's own record), a platform pack, or the catalog. */
export type ClassificationSource = "site" | "catalog" | `platform:${PlatformId}`;

/** A category of the configuration. */
export interface CategoryConfig {
  /** Identifier used in rules, the API and the consent record (letters, digits, `_`, `-`; at most 40). */
  id: CategoryId;
  /** Always granted and cannot be refused (`necessary` is required whatever this says). Default `false`. */
  required?: boolean;
  /** Title in the dialog and the declaration; wins over the UI's built-in text. Default: the id. */
  title?: string | null;
  /** Description in the dialog and the declaration; wins over the UI's built-in text. */
  description?: string | null;
}

/**
 * A site rule: entries matching any pattern belong to `category`. A pattern
 * is an exact name or contains `*` wildcards, each matching any run of
 * characters. Site rules win over platform packs and the catalog.
 */
export interface RuleConfig {
  /** The id of a category defined in `categories`. */
  category: CategoryId;
  /** Cookie name patterns (no `;`, `=`, `,`, whitespace or control characters). */
  cookies?: string[];
  /** `localStorage` key patterns. */
  localStorage?: string[];
  /** `sessionStorage` key patterns. */
  sessionStorage?: string[];
  /** IndexedDB database name patterns (the page's origin's databases). */
  indexedDB?: string[];
  /**
   * Script and frame source patterns held until the category is granted, like
   * the built-in ones: a host (`cdn.example.com`), `*.example.com` or
   * `host/path*`, with or without `https://`.
   */
  scripts?: string[];
  /** Who sets these entries, for the declaration. */
  provider?: string | null;
  /** Why, for the declaration. */
  purpose?: string | null;
  /** How long they live, for the declaration. */
  retention?: string | null;
}

/** Where and how long the consent record cookie is stored. */
export interface ConsentCookieConfig {
  /** Cookie name (no `*`, `;`, `=`, `,` or whitespace). Default `consent_agent`. */
  name?: string;
  /** A shared `Domain` attribute, so sub-domains share one choice; `null`: host-only (default). */
  domain?: string | null;
  /** Lifetime of a choice in days, a whole number from 1 to 3650. Default 182. */
  maxAgeDays?: number;
}

/** The texts of the banner and dialog a config may override, per language. */
export type TextKey =
  | "bannerTitle"
  | "bannerText"
  | "acceptAll"
  | "rejectAll"
  | "preferences"
  | "dialogTitle"
  | "dialogText"
  | "save"
  | "close"
  | "settings"
  | "alwaysOn"
  | "entries"
  | "name"
  | "provider"
  | "retention"
  | "necessaryTitle"
  | "necessaryText"
  | "functionalTitle"
  | "functionalText"
  | "analyticsTitle"
  | "analyticsText"
  | "marketingTitle"
  | "marketingText"
  | "placeholder"
  | "placeholderButton"
  | "signal";

/** A language code; `en`, `de`, `fr`, `es`, `it`, `nl`, `pt`, `pl` and `sv` are built in, others need `texts`. */
export type Language = "en" | "de" | "fr" | "es" | "it" | "nl" | "pt" | "pl" | "sv" | (string & {});

/** Text overrides: language → text key → text (always inserted as text, never as HTML). */
export type UiTexts = Record<string, Partial<Record<TextKey, string>>>;

/** The banner and preferences dialog. */
export interface UiConfig {
  /** `false` for sites with their own banner (they use the API). Default `true`. */
  enabled?: boolean;
  /** Language of the texts; default: the page's `<html lang>`, else English. */
  language?: Language | null;
  /** Per language, any text to replace (`signal`: `{categories}` stands for the refused ones). */
  texts?: UiTexts;
  /** `auto` (follows `prefers-color-scheme`, default), `light` or `dark`. */
  theme?: "auto" | "light" | "dark";
  /** `bar` (bottom, default), `box` (corner) or `modal` (centred, with a backdrop; takes focus). */
  position?: "bar" | "box" | "modal";
  /** The small "Cookie settings" button that reopens the dialog after a choice. Default `true`. */
  floatingButton?: boolean;
  /**
   * `closed` (default): no page script can reach the banner's and dialog's
   * elements. `open`: a site's own end-to-end tests can find and click them;
   * a script's click still grants nothing (only the visitor's real one does).
   */
  shadowRoot?: "closed" | "open";
}

/**
 * Google Consent Mode v2 settings. Each consent type is granted when every
 * category it lists is granted (an empty list: always); a type left out
 * keeps its default mapping.
 */
export interface GoogleConsentModeConfig {
  /** Default `["marketing"]`. */
  ad_storage?: CategoryId[];
  /** Default `["marketing"]`. */
  ad_user_data?: CategoryId[];
  /** Default `["marketing"]`. */
  ad_personalization?: CategoryId[];
  /** Default `["analytics"]`. */
  analytics_storage?: CategoryId[];
  /** Default `["functional"]`. */
  functionality_storage?: CategoryId[];
  /** Default `["functional"]`. */
  personalization_storage?: CategoryId[];
  /** Default `[]` (always granted). */
  security_storage?: CategoryId[];
  /** `wait_for_update` of the default command in milliseconds, a whole number from 0 to 60000. Default 500. */
  waitForUpdate?: number;
  /** `gtag("set", "ads_data_redaction", …)`. Default `true`. */
  adsDataRedaction?: boolean;
  /** `gtag("set", "url_passthrough", …)`. Default `false`. */
  urlPassthrough?: boolean;
  /** ISO 3166 codes (`"ES"`, `"US-CA"`) the default command applies to; `null` (default): everywhere. */
  region?: string[] | null;
}

/** Auto-blocking settings: the object form keeps auto-blocking on. */
export interface AutoBlockConfig {
  /** Sources never held (a host, `*.example.com` or `host/path*`), e.g. a tag manager configured for Consent Mode. */
  allow?: string[];
}

/** Proof of consent: where the agent reports each choice, withdrawal and reset. */
export interface ConsentLogConfig {
  /**
   * The address each choice, withdrawal and reset is sent to, as one `POST`
   * with a JSON body (`navigator.sendBeacon`, else `fetch` with `keepalive`),
   * e.g. `"/consent-log"`.
   */
  url: string;
}

/**
 * The site's configuration: the JSON in `<script id="consent-agent-config"
 * type="application/json">`, the file named by `data-config`, or `init({ config })`.
 * Every field is optional. An invalid field is reported once in the console
 * with its exact path, and the agent fails closed (only required categories
 * are allowed).
 */
export interface ConsentAgentConfig {
  /** The JSON schema, for editors (`consent-agent/schema.json`); ignored by the agent. */
  $schema?: string;
  /** Raise it to ask every visitor again. A whole number from 0 to 1000000000; default 1. */
  revision?: number;
  /** The categories in display order. Default: necessary (required), functional, analytics, marketing. */
  categories?: CategoryConfig[];
  /** Site rules, in precedence order. */
  rules?: RuleConfig[];
  /** Platform packs to enable. */
  platforms?: PlatformId[];
  /** `false` turns the built-in catalog off. Default `true`. */
  catalog?: boolean;
  /** Entries nothing classifies: `keep` (default) or `delete` (except names that look essential). */
  unknown?: "keep" | "delete";
  /** The consent record cookie. */
  consentCookie?: ConsentCookieConfig;
  /** `false` for sites with their own banner, or the banner and dialog settings. Default: shown. */
  ui?: boolean | UiConfig;
  /** Reload the page when a category whose held scripts already ran is withdrawn. Default `false`. */
  reloadOnWithdraw?: boolean;
  /**
   * Let `accept()`/`acceptAll()` called by a page script widen the choice
   * without the visitor's interaction (restoring a logged-in user's stored
   * choice from the site's server). It trusts every script on the page.
   * Default `false`: such a call is refused with one console warning.
   */
  allowScriptGrants?: boolean;
  /** Google Consent Mode v2: `true` for the defaults, or the settings; absent or `false`: off. */
  googleConsentMode?: boolean | GoogleConsentModeConfig;
  /** Microsoft UET consent (`window.uetq`). Default `true`. */
  microsoftConsentMode?: boolean;
  /** Microsoft Clarity's `consentv2` call. Default `true`. */
  clarityConsent?: boolean;
  /** Hold scripts and frames from known third-party sources until their category is granted. Default `true`. */
  autoBlock?: boolean | AutoBlockConfig;
  /** Categories (defined, not required) a Global Privacy Control signal refuses. Default `["marketing"]` when defined; `[]` ignores it. */
  globalPrivacyControl?: CategoryId[];
  /** Proof of consent: where each choice, withdrawal and reset is sent. */
  consentLog?: ConsentLogConfig;
}

/** The visitor's choice now: what `consent()` returns and the `consentagent:ready` and `consentagent:change` events carry. */
export interface Consent {
  /** Every category of the config and whether it is granted. */
  categories: Record<CategoryId, boolean>;
  /** The config revision the choice was made under (the config's own before a choice). */
  revision: number;
  /** When the choice was made (ISO 8601), `null` before a choice. */
  decidedAt: string | null;
  /** When it lapses (ISO 8601), `null` before a choice. */
  expiresAt: string | null;
  /** The choice's random id (hex), `null` before a choice. */
  id: string | null;
  /** The browser sends Global Privacy Control and the site honours it (some category is refused by it). */
  globalPrivacyControl: boolean;
}

/** One entry a sweep looked at. */
export interface SweepEntry {
  /** Cookie name or storage key. */
  name: string;
  /** Where it lives. */
  storage: StorageKind;
  /** Its category, `null` when nothing classifies it. */
  category: CategoryId | null;
}

/**
 * What a sweep did: returned by `sweep()` and carried by `consentagent:sweep`.
 * After a choice or a change the watcher found, `kept` and `unknown` list
 * only entries not seen before under the same configuration.
 */
export interface SweepReport {
  /** Refused entries that were removed (`category` `null`: unknown, with `"unknown": "delete"`). */
  deleted: SweepEntry[];
  /** Classified entries that may stay. */
  kept: Array<SweepEntry & { category: CategoryId }>;
  /** Entries nothing classifies, left in place (`"unknown": "keep"`, or names that look essential under `"delete"`). */
  unknown: Array<SweepEntry & { category: null }>;
  /** Refused entries still there after deletion (another scope, an HttpOnly twin, storage that refused). */
  failed: SweepEntry[];
}

/** A cookie or storage entry visible on the page, as `audit()` lists it. */
export interface StorageAuditRow {
  /** Cookie name or storage key. */
  name: string;
  /** Where it lives. */
  storage: StorageKind;
  /** Its category, `null` when nothing classifies it. */
  category: CategoryId | null;
  /** What classified it, `null` when nothing did. */
  source: ClassificationSource | null;
  /** Whether it may stay under the choice in force. */
  allowed: boolean;
}

/** A script or frame held by auto-blocking, as `audit()` lists it. */
export interface HeldAuditRow {
  /** The script's or frame's URL. */
  name: string;
  /** `script` or `frame`. */
  storage: "script" | "frame";
  /** The category that must be granted for it to run or load. */
  category: CategoryId;
  /** `site` for the site's `rules[].scripts`, `catalog` for a built-in source. */
  source: "site" | "catalog";
  /** Always `false`: it is held. */
  allowed: false;
}

/** One row of `audit()`: unknown entries first, then classified ones, then held scripts and frames. */
export type AuditRow = StorageAuditRow | HeldAuditRow;

/** One row of the cookie declaration: what `declaration()` resolves to. */
export interface DeclarationRow {
  /** Cookie name, storage key or pattern. */
  name: string;
  /** Where it lives. */
  storage: StorageKind;
  /** Its category. */
  category: CategoryId;
  /** Where the row comes from. */
  source: ClassificationSource;
  /** Who sets it (`""` when unknown or the declaration file could not be loaded). */
  provider: string;
  /** How long it lives (`""` when unknown). */
  retention: string;
  /** Why (`""` when unknown). */
  purpose: string;
  /** Set by the server (HttpOnly): the server must honour the choice itself. */
  serverSet: boolean;
}

/** The agent's API: `window.consentAgent` and what `init()` resolves to (a frozen object). */
export interface ConsentAgent {
  /**
   * Resolves with this object once the engine is ready and its first sweep
   * is done (what `init()` resolves with is ready already). Before then, on
   * the script tag's `window.consentAgent` (the tag starts the engine
   * without blocking the page), `consent()` and `sweep()` answer `null`,
   * `accepted()` `false`, `classify()` `null` and `audit()` `[]`, and
   * choices, `reset()` and `sweep()` are done when it is ready: await
   * `ready` first in code that runs that early.
   */
  readonly ready: Promise<ConsentAgent>;
  /** The choice now. */
  readonly consent: () => Consent;
  /** Whether `category` is granted now. */
  readonly accepted: (category: CategoryId) => boolean;
  /** Grants every category (but those Global Privacy Control refuses), stores the choice and sweeps. */
  readonly acceptAll: () => void;
  /** Grants only required categories, stores the choice and sweeps. */
  readonly rejectAll: () => void;
  /** Grants exactly `categories` plus the required ones, stores the choice and sweeps. */
  readonly accept: (categories: readonly CategoryId[]) => void;
  /** Forgets the choice (the visitor is asked again) and sweeps. */
  readonly reset: () => void;
  /** Enforces now and reports what it did (also dispatched as `consentagent:sweep`). */
  readonly sweep: () => SweepReport;
  /** The category of an entry, or `null` when nothing classifies it. `storage` defaults to `"cookie"`. */
  readonly classify: (name: string, storage?: StorageKind) => CategoryId | null;
  /** Every visible entry and held script or frame, with its category and source; deletes nothing. */
  readonly audit: () => AuditRow[];
  /** The cookie declaration of the entries on the page and the configured ones (fetches the declaration file once). */
  readonly declaration: () => Promise<DeclarationRow[]>;
  /** Opens the banner (does nothing with `ui: false`). */
  readonly showBanner: () => void;
  /** Opens the preferences dialog (does nothing with `ui: false`). */
  readonly showPreferences: () => void;
  /** Closes the banner or dialog. */
  readonly hide: () => void;
}

/** Options of `init()`. */
export interface InitOptions {
  /** The configuration; default: the page's `#consent-agent-config` element, else the defaults. */
  config?: ConsentAgentConfig;
  /**
   * The WebAssembly module (`esm/consent_agent_bg.wasm`): its URL, or a
   * request, response, the bytes or a compiled module. Default: beside the
   * module file (`./esm/consent_agent_bg.wasm` relative to the bundle's own
   * URL once bundled, so pass it when bundling).
   */
  module?:
    | string
    | URL
    | Request
    | Response
    | BufferSource
    | WebAssembly.Module
    | Promise<Response | BufferSource | WebAssembly.Module>;
  /** The URL of `consent-agent-declaration.json`; default: beside the module file. */
  declaration?: string | URL;
  /**
   * Where a built-in language other than English is fetched from when the
   * page asks for it, `{lang}` standing for its code; default:
   * `consent-agent-i18n/{lang}.json` beside the module file.
   */
  texts?: string;
}

/**
 * Starts the agent: loads the WebAssembly module, reads the config, applies
 * the stored choice, sweeps, publishes `window.consentAgent` and dispatches
 * `consentagent:ready`. When the agent already runs on the page (the script
 * tag or an earlier call), resolves to that one and ignores `options`.
 */
export default function init(options?: InitOptions): Promise<ConsentAgent>;

declare global {
  interface Window {
    /** The agent's API, once it has started (the script tag or `init()`). */
    consentAgent?: ConsentAgent;
  }
  interface WindowEventMap {
    /** The agent has started; `detail` is `consent()`. */
    "consentagent:ready": CustomEvent<Consent>;
    /** The choice changed (a choice, a withdrawal, `reset()`, expiry, a config that arrived, a choice made in another tab); `detail` is `consent()`. */
    "consentagent:change": CustomEvent<Consent>;
    /** A sweep ran: at start, on every change of the choice, on `sweep()`, and when the watcher deleted (or failed to delete) something; `detail` is its report. */
    "consentagent:sweep": CustomEvent<SweepReport>;
  }
}
