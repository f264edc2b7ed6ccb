// consent-agent's built-in texts, one object per language. The source of
// every language; bundle.mjs ships only one of them in each script-tag file
// (consent-agent.js: English; consent-agent.<lang>.js: that language), writes
// each as consent-agent-i18n/<lang>.json, which a tag or the ES module
// (English too) fetches when the page asks for a language it does not
// carry. Every language in every tag would cost every visitor about 0.5 KB
// gzip per language, for texts most never see.

var CONSENT_TEXTS = {
  en: {
    bannerTitle: "Cookies on this site",
    bannerText: "We use cookies and similar storage to make the site work and, with your consent, to remember preferences, measure visits and show relevant ads. You can change your choice at any time.",
    acceptAll: "Accept all", rejectAll: "Reject all", preferences: "Preferences",
    dialogTitle: "Cookie preferences", dialogText: "Choose which categories you allow. Strictly necessary storage is always on.",
    save: "Save choices", close: "Close", settings: "Cookie settings", alwaysOn: "Always on",
    entries: "Cookies and storage", name: "Name", provider: "Provider", retention: "Retention",
    necessaryTitle: "Strictly necessary", necessaryText: "Needed for the site to work, for example to keep you signed in or to keep your basket.",
    functionalTitle: "Preferences", functionalText: "Remember your choices, such as language or layout.",
    analyticsTitle: "Statistics", analyticsText: "Help us understand how visitors use the site, so we can improve it.",
    marketingTitle: "Marketing", marketingText: "Used by us and our partners to show ads relevant to you.",
    placeholder: "This content loads only with your consent to: {categories}.", placeholderButton: "Accept {categories}",
    signal: "Your browser sends Global Privacy Control, so {categories} stays off unless you switch it on yourself in the preferences.",
  },
  de: {
    bannerTitle: "Cookies auf dieser Website",
    bannerText: "Wir verwenden Cookies und ähnliche Speicher, damit die Website funktioniert, und mit Ihrer Einwilligung, um Einstellungen zu speichern, Besuche zu messen und passende Werbung zu zeigen. Sie können Ihre Wahl jederzeit ändern.",
    acceptAll: "Alle akzeptieren", rejectAll: "Alle ablehnen", preferences: "Einstellungen",
    dialogTitle: "Cookie-Einstellungen", dialogText: "Wählen Sie, welche Kategorien Sie erlauben. Unbedingt erforderliche Speicher sind immer aktiv.",
    save: "Auswahl speichern", close: "Schließen", settings: "Cookie-Einstellungen", alwaysOn: "Immer aktiv",
    entries: "Cookies und Speicher", name: "Name", provider: "Anbieter", retention: "Speicherdauer",
    necessaryTitle: "Unbedingt erforderlich", necessaryText: "Nötig, damit die Website funktioniert, etwa um Sie angemeldet zu halten oder Ihren Warenkorb zu behalten.",
    functionalTitle: "Präferenzen", functionalText: "Speichern Ihre Einstellungen, etwa Sprache oder Darstellung.",
    analyticsTitle: "Statistik", analyticsText: "Helfen uns zu verstehen, wie die Website genutzt wird, um sie zu verbessern.",
    marketingTitle: "Marketing", marketingText: "Werden von uns und Partnern genutzt, um für Sie relevante Werbung zu zeigen.",
    placeholder: "Dieser Inhalt wird nur mit Ihrer Einwilligung geladen: {categories}.", placeholderButton: "{categories} akzeptieren",
    signal: "Ihr Browser sendet Global Privacy Control, daher bleibt {categories} aus, solange Sie es nicht selbst in den Einstellungen einschalten.",
  },
  fr: {
    bannerTitle: "Cookies sur ce site",
    bannerText: "Nous utilisons des cookies et des stockages similaires pour faire fonctionner le site et, avec votre consentement, pour mémoriser vos préférences, mesurer l'audience et afficher des publicités pertinentes. Vous pouvez modifier votre choix à tout moment.",
    acceptAll: "Tout accepter", rejectAll: "Tout refuser", preferences: "Préférences",
    dialogTitle: "Préférences de cookies", dialogText: "Choisissez les catégories que vous autorisez. Les stockages strictement nécessaires sont toujours actifs.",
    save: "Enregistrer mes choix", close: "Fermer", settings: "Paramètres des cookies", alwaysOn: "Toujours actif",
    entries: "Cookies et stockages", name: "Nom", provider: "Fournisseur", retention: "Durée de conservation",
    necessaryTitle: "Strictement nécessaires", necessaryText: "Indispensables au fonctionnement du site, par exemple pour rester connecté ou garder votre panier.",
    functionalTitle: "Préférences", functionalText: "Mémorisent vos choix, comme la langue ou l'affichage.",
    analyticsTitle: "Statistiques", analyticsText: "Nous aident à comprendre l'utilisation du site pour l'améliorer.",
    marketingTitle: "Marketing", marketingText: "Utilisés par nous et nos partenaires pour afficher des publicités adaptées.",
    placeholder: "Ce contenu ne se charge qu'avec votre consentement : {categories}.", placeholderButton: "Accepter : {categories}",
    signal: "Votre navigateur envoie le signal Global Privacy Control : {categories} reste désactivé, sauf si vous l'activez vous-même dans les préférences.",
  },
  es: {
    bannerTitle: "Cookies en este sitio",
    bannerText: "Usamos cookies y almacenamiento similar para que el sitio funcione y, con su consentimiento, para recordar preferencias, medir visitas y mostrar anuncios relevantes. Puede cambiar su elección en cualquier momento.",
    acceptAll: "Aceptar todo", rejectAll: "Rechazar todo", preferences: "Preferencias",
    dialogTitle: "Preferencias de cookies", dialogText: "Elija qué categorías permite. El almacenamiento estrictamente necesario está siempre activo.",
    save: "Guardar selección", close: "Cerrar", settings: "Configuración de cookies", alwaysOn: "Siempre activo",
    entries: "Cookies y almacenamiento", name: "Nombre", provider: "Proveedor", retention: "Duración",
    necessaryTitle: "Estrictamente necesarias", necessaryText: "Imprescindibles para que el sitio funcione, por ejemplo para mantener la sesión o su cesta.",
    functionalTitle: "Preferencias", functionalText: "Recuerdan sus elecciones, como el idioma o la presentación.",
    analyticsTitle: "Estadísticas", analyticsText: "Nos ayudan a entender cómo se usa el sitio para mejorarlo.",
    marketingTitle: "Marketing", marketingText: "Las usamos nosotros y nuestros socios para mostrar anuncios relevantes para usted.",
    placeholder: "Este contenido solo se carga con su consentimiento para: {categories}.", placeholderButton: "Aceptar {categories}",
    signal: "Su navegador envía Global Privacy Control, por lo que {categories} permanece desactivado salvo que usted lo active en las preferencias.",
  },
  it: {
    bannerTitle: "Cookie su questo sito",
    bannerText: "Usiamo cookie e archiviazione simile per far funzionare il sito e, con il tuo consenso, per ricordare le preferenze, misurare le visite e mostrare annunci pertinenti. Puoi cambiare la tua scelta in qualsiasi momento.",
    acceptAll: "Accetta tutti", rejectAll: "Rifiuta tutti", preferences: "Preferenze",
    dialogTitle: "Preferenze sui cookie", dialogText: "Scegli quali categorie consenti. L'archiviazione strettamente necessaria è sempre attiva.",
    save: "Salva le scelte", close: "Chiudi", settings: "Impostazioni cookie", alwaysOn: "Sempre attivi",
    entries: "Cookie e archiviazione", name: "Nome", provider: "Fornitore", retention: "Durata",
    necessaryTitle: "Strettamente necessari", necessaryText: "Servono al funzionamento del sito, per esempio per mantenere l'accesso o il carrello.",
    functionalTitle: "Preferenze", functionalText: "Ricordano le tue scelte, come la lingua o la visualizzazione.",
    analyticsTitle: "Statistiche", analyticsText: "Ci aiutano a capire come viene usato il sito per migliorarlo.",
    marketingTitle: "Marketing", marketingText: "Usati da noi e dai nostri partner per mostrarti annunci pertinenti.",
    placeholder: "Questo contenuto si carica solo con il tuo consenso per: {categories}.", placeholderButton: "Accetta {categories}",
    signal: "Il tuo browser invia Global Privacy Control, quindi {categories} resta disattivato a meno che tu non lo attivi nelle preferenze.",
  },
  nl: {
    bannerTitle: "Cookies op deze site",
    bannerText: "We gebruiken cookies en vergelijkbare opslag om de site te laten werken en, met uw toestemming, om voorkeuren te onthouden, bezoeken te meten en relevante advertenties te tonen. U kunt uw keuze altijd wijzigen.",
    acceptAll: "Alles accepteren", rejectAll: "Alles weigeren", preferences: "Voorkeuren",
    dialogTitle: "Cookievoorkeuren", dialogText: "Kies welke categorieën u toestaat. Strikt noodzakelijke opslag staat altijd aan.",
    save: "Keuze opslaan", close: "Sluiten", settings: "Cookie-instellingen", alwaysOn: "Altijd aan",
    entries: "Cookies en opslag", name: "Naam", provider: "Aanbieder", retention: "Bewaartermijn",
    necessaryTitle: "Strikt noodzakelijk", necessaryText: "Nodig om de site te laten werken, bijvoorbeeld om ingelogd te blijven of uw winkelmand te bewaren.",
    functionalTitle: "Voorkeuren", functionalText: "Onthouden uw keuzes, zoals taal of weergave.",
    analyticsTitle: "Statistieken", analyticsText: "Helpen ons te begrijpen hoe de site wordt gebruikt, zodat we hem kunnen verbeteren.",
    marketingTitle: "Marketing", marketingText: "Gebruikt door ons en partners om voor u relevante advertenties te tonen.",
    placeholder: "Deze inhoud wordt alleen geladen met uw toestemming voor: {categories}.", placeholderButton: "{categories} accepteren",
    signal: "Uw browser stuurt Global Privacy Control, dus {categories} blijft uit tenzij u het zelf inschakelt in de voorkeuren.",
  },
};

// Every language above, carried or not.
var CONSENT_LANGUAGES = Object.keys(CONSENT_TEXTS);
