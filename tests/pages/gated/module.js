export const ran = true;
window.externalModule = import.meta.url;
