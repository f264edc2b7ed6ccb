// A "third-party" tag the sample's rules hold until analytics is granted.
window.tagRan = (window.tagRan || 0) + 1;
