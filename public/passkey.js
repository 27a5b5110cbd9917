// Passkeys: the WebAuthn ceremonies of the login page ("Sign in with a
// passkey") and the account page ("Add a passkey"). A few lines of plain
// script, loaded by those two pages only, rather than more WebAssembly on
// every page. The server renders the buttons hidden; they are shown only
// where the browser can make and use passkeys, so without JavaScript or
// WebAuthn nothing changes. The server's answers carry their own words in
// the page's language; the page carries the words for what happens here.
const box = document.querySelector('[data-passkey]');

const bytes = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
const text = (b) => btoa(String.fromCharCode(...new Uint8Array(b))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

// The server's options as the browser takes them: no nulls (the browser
// refuses a null where it expects a word) and the binary fields as bytes.
const clean = (o) => JSON.parse(JSON.stringify(o, (k, v) => (v === null ? undefined : v)));
function creation(o) {
  const p = clean(o);
  p.challenge = bytes(p.challenge);
  p.user.id = bytes(p.user.id);
  (p.excludeCredentials || []).forEach((c) => { c.id = bytes(c.id); });
  return p;
}
function request(o) {
  const p = clean(o);
  p.challenge = bytes(p.challenge);
  (p.allowCredentials || []).forEach((c) => { c.id = bytes(c.id); });
  return p;
}

async function post(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) throw Object.assign(new Error('refused'), { answer });
  return answer;
}

function say(message, field) {
  const alert = box.querySelector('[data-passkey-message]');
  const fieldError = field && box.querySelector(`[name="${field}"]`);
  box.querySelectorAll('.field-invalid').forEach((f) => f.classList.remove('field-invalid'));
  if (fieldError) {
    const wrap = fieldError.closest('.field');
    wrap.classList.add('field-invalid');
    wrap.querySelector('.error').textContent = message;
    fieldError.setAttribute('aria-invalid', 'true');
    fieldError.focus();
    alert.hidden = true;
    return;
  }
  alert.textContent = message;
  alert.hidden = !message;
}

async function run(button) {
  const adding = box.dataset.passkey === 'add';
  const busy = box.querySelector('[data-passkey-busy]');
  button.disabled = true;
  busy.hidden = false;
  say('');
  try {
    const password = box.querySelector('[name="current_password"]');
    const begun = adding
      ? await post(box.dataset.options, { current_password: password ? password.value : '' })
      : await post(box.dataset.options, {});
    let credential;
    try {
      credential = adding
        ? await navigator.credentials.create({ publicKey: creation(begun.options.publicKey) })
        : await navigator.credentials.get({ publicKey: request(begun.options.publicKey) });
    } catch (e) {
      say(box.dataset.cancelled);
      return;
    }
    const r = credential.response;
    const response = adding
      ? { attestationObject: text(r.attestationObject), clientDataJSON: text(r.clientDataJSON) }
      : {
          authenticatorData: text(r.authenticatorData),
          clientDataJSON: text(r.clientDataJSON),
          signature: text(r.signature),
          userHandle: r.userHandle ? text(r.userHandle) : null,
        };
    const done = await post(box.dataset.finish, {
      ceremony: begun.ceremony,
      credential: { id: credential.id, rawId: text(credential.rawId), type: credential.type, response, extensions: {} },
    });
    window.location.assign(done.redirect);
  } catch (e) {
    const answer = (e && e.answer) || {};
    say(answer.message || box.dataset.failed, answer.field);
  } finally {
    button.disabled = false;
    busy.hidden = true;
  }
}

if (box && window.PublicKeyCredential && navigator.credentials && navigator.credentials.create) {
  const button = box.querySelector('button');
  box.hidden = false;
  button.addEventListener('click', () => run(button));
}
