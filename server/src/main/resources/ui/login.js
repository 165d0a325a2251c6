// The form posts to /login with its "next" page; a failed attempt comes back with ?failed=1.
const params = new URLSearchParams(location.search);
if (params.get('failed')) document.getElementById('failed').hidden = false;
const next = params.get('next');
if (next) document.querySelector('form').action = '/login?next=' + encodeURIComponent(next);
