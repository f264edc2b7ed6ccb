// Stands in for a Next.js page bundle that sets an analytics cookie.
document.cookie = "_ga=GA1.1.next; path=/";
window.nextRan = true;
