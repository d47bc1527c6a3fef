if (!window.ragPage) { window.ragPage = true;
  const LIMIT = __LIMIT__, MAX_BYTES = __MAX_BYTES__, MAX_LABEL = "__MAX_LABEL__";
  const TYPES = __TYPES__, FORMATS = "__FORMATS__";
  const fmt = (n) => n.toLocaleString('en');
  const sideShown = () => {
    const side = document.getElementById('sources-col');
    return side && getComputedStyle(side).display !== 'none';
  };
  // Where a passage can be seen: the part of the window inside every box it scrolls in.
  const view = (target) => {
    let top = 0, bottom = innerHeight, room = innerHeight;
    for (let el = target.parentElement; el; el = el.parentElement) {
      if (!/auto|scroll/.test(getComputedStyle(el).overflowY)) continue;
      const b = el.getBoundingClientRect();
      top = Math.max(top, b.top); bottom = Math.min(bottom, b.bottom); room = Math.min(room, el.clientHeight);
    }
    return {top, bottom, room};
  };
  // A passage taller than its box (on a phone, the chat) is shown from its head: the nearest
  // edge would be its end, with which article and date it is out of sight.
  const place = (target, behavior) => {
    const v = view(target), r = target.getBoundingClientRect(), tall = target.offsetHeight > v.room;
    const seen = tall ? r.top >= v.top - 1 && r.top < v.bottom - 40 : r.top >= v.top - 1 && r.bottom <= v.bottom + 1;
    if (!seen) target.scrollIntoView({behavior, block: tall ? 'start' : 'nearest'});
  };
  const reveal = (target) => {
    for (let el = target; el; el = el.parentElement) if (el.tagName === 'DETAILS') el.open = true;
    document.querySelectorAll('.src.active').forEach((el) => el.classList.remove('active'));
    target.classList.add('active');
    // The passage takes the focus: a screen reader reads it, and Tab goes on to its links.
    target.tabIndex = -1;
    target.focus({preventScroll: true});
    place(target, 'smooth');
    // The chat grows as the passage opens, and a chat left at its end scrolls back there.
    setTimeout(() => place(target, 'auto'), 450);
  };
  const copyText = async (text) => {
    try { await navigator.clipboard.writeText(text); return; } catch (e) { /* fall back */ }
    const area = document.createElement('textarea');
    area.value = text; area.style.position = 'fixed'; area.style.left = '-9999px';
    document.body.append(area); area.select(); document.execCommand('copy'); area.remove();
  };
  let tapped = null;  // the [n] last tapped: "Back to the answer" returns to it
  const box = () => document.querySelector('#question textarea');
  const flat = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : '');
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a.cite');
    if (link) {
      const id = link.getAttribute('href').slice(1);
      const answer = link.closest('.answer');
      const inline = answer && answer.querySelector('#m' + id);
      const target = sideShown() ? document.getElementById(id) : inline;
      if (!target) return;
      event.preventDefault(); event.stopPropagation();
      tapped = link;
      reveal(target);
      return;
    }
    const back = event.target.closest('a.back');
    if (back) {
      event.preventDefault(); event.stopPropagation();
      const card = back.closest('.src');
      const answers = document.querySelectorAll('#chat .answer');
      const to = (tapped && document.contains(tapped) && tapped) || card.closest('.answer') || answers[answers.length - 1];
      if (to) to.scrollIntoView({block: 'center'});
      if (to === tapped) tapped.focus({preventScroll: true});
      return;
    }
    const copy = event.target.closest('a.copy');
    if (copy) {
      event.preventDefault(); event.stopPropagation();
      const answer = copy.closest('.answer');
      const body = flat(answer.querySelector('.answer-body, .abstain'));
      const cards = [...answer.querySelectorAll('.inline-src > .src')].map((card) =>
        `[${flat(card.querySelector('.n'))}] ${flat(card.querySelector('.src-title'))} — ${flat(card.querySelector('.src-meta'))}`);
      copyText(cards.length ? `${body}\n\nSources:\n${cards.join('\n')}` : body).then(() => {
        copy.textContent = 'Copied'; setTimeout(() => { copy.textContent = 'Copy'; }, 2000);
      });
    }
  }, true);

  // A new answer: on a phone its start (not its end) is scrolled into view; on a wide screen
  // the question box takes the focus again (a phone would pop up its keyboard over the answer).
  // Whenever the chat changes, the server may have emptied (or refilled) the box without an
  // input event: the character count is taken again.
  let shown = -1, recount = 0, reading = 0;
  ['touchstart', 'wheel', 'keydown', 'mousedown'].forEach((name) =>
    addEventListener(name, () => { reading = Date.now(); }, {capture: true, passive: true}));
  // The chat's own scroll to its end can land after ours on a slow phone: for 3 s, until the
  // reader touches or scrolls, the answer's start is put back in view.
  const keepStart = (answer, since, until) => {
    if (!answer.isConnected || reading > since) return;
    const r = answer.getBoundingClientRect(), chat = document.querySelector('#chat').getBoundingClientRect();
    if (r.top < Math.max(0, chat.top) - 2 || r.top >= Math.min(innerHeight, chat.bottom) - 20) {
      answer.scrollIntoView({block: 'start'});
    }
    if (Date.now() < until) setTimeout(() => keepStart(answer, since, until), 100);
  };
  // `seen`: when the answer appeared. A tap from then on (a citation opened before the 150 ms
  // below ran out, as a fast reader or a busy phone does) is the reader's: it is not undone.
  const arrived = (answer, tries, seen) => {
    if (!sideShown()) { keepStart(answer, seen, Date.now() + 3000); return; }
    const el = box();
    if (el && !el.disabled) el.focus({preventScroll: true});
    else if (tries > 0) setTimeout(() => arrived(answer, tries - 1, seen), 100);
  };
  new MutationObserver((changes) => {
    const all = document.querySelectorAll('#chat .answer');
    if (shown >= 0 && all.length > shown) {
      const last = all[all.length - 1];
      const seen = Date.now();
      setTimeout(() => arrived(last, 30, seen), 150);  // after the chat's own scroll to its end
    }
    shown = all.length;
    if (changes.some((c) => c.target.closest && c.target.closest('#chat'))) {
      clearTimeout(recount);  // the box's refusals leave the chat alone: they stay
      // a refusal stands until the question is edited: a chat redraw alone does not undo it
      recount = setTimeout(() => { const el = box(); if (el && el.value !== refused) count(el.value); }, 200);
    }
  }).observe(document.body, {childList: true, subtree: true});

  // The question: a counter near the limit; empty or over-long questions never leave the page.
  let refused = null;  // the question text last refused, while its note shows
  const problem = (text) => {
    const t = text.trim();
    if (!t) return 'Type a question first.';
    if (t.length > LIMIT) return `That is ${fmt(t.length)} characters; questions can be up to ${fmt(LIMIT)}. Shorten it and ask again.`;
    return '';
  };
  const note = (text, isError) => {
    const el = document.getElementById('q-note');
    if (!el) return;
    el.textContent = text; el.classList.toggle('field-error', !!isError);
    if (isError) el.scrollIntoView({block: 'nearest'});
  };
  const count = (text) => {
    const n = text.trim().length;
    if (n > LIMIT) note(`${fmt(n)} / ${fmt(LIMIT)} characters: too long by ${fmt(n - LIMIT)}`, true);
    else note(n >= 0.8 * LIMIT ? `${fmt(n)} / ${fmt(LIMIT)} characters` : '', false);
  };
  // A typed date the picker cannot read would be dropped silently: refuse it instead.
  const dateProblem = () => {
    for (const [id, label] of [['since', 'Since'], ['until', 'Until']]) {
      const input = document.querySelector(`#${id} input`);
      const text = input ? input.value.trim() : '';
      const day = /^(\d{4})-(\d{2})-(\d{2})$/.test(text) && new Date(`${text}T00:00:00Z`);
      const real = day && !isNaN(day) && day.toISOString().slice(0, 10) === text;
      if (text && !real) return `${label}: “${text}” is not a date like 2024-05-17`;
    }
    return '';
  };
  // The server's message for an earlier value goes as soon as the field changes: one error a field.
  const clearServerError = (id) => {
    const el = document.getElementById(id);
    if (el) el.querySelectorAll('.field-error').forEach((old) => old.remove());
  };
  const dateNote = (text) => {
    clearServerError('date-error');
    const el = document.getElementById('date-note');
    if (el) { el.textContent = text; el.classList.toggle('field-error', !!text); }
    if (el && text) el.scrollIntoView({block: 'nearest'});
  };
  const refuse = (event, text) => {
    const why = problem(text), badDate = why ? '' : dateProblem();
    dateNote(badDate);
    if (!why && !badDate) return;
    event.preventDefault(); event.stopImmediatePropagation();
    if (why) { note(why, true); refused = text; }
  };
  document.addEventListener('input', (event) => {
    if (event.target.closest && event.target.closest('#question')) {
      clearServerError('question-error'); refused = null; count(event.target.value);
    }
    if (event.target.closest && event.target.closest('#since, #until')) dateNote('');
  }, true);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && event.target.closest && event.target.closest('#question'))
      refuse(event, event.target.value);
  }, true);
  document.addEventListener('click', (event) => {
    if (event.target.closest('#send')) refuse(event, (document.querySelector('#question textarea') || {}).value || '');
  }, true);

  // Uploads over the limit are refused here, with a message that stays until the next upload;
  // files of other types, which Gradio drops with a passing toast, are named there too.
  const uploadNote = (text) => {
    const el = document.getElementById('upload-note');
    if (el) { el.textContent = text; el.classList.toggle('field-error', !!text); }
    if (el && text) el.scrollIntoView({block: 'nearest'});
  };
  const refuseBig = (event, files) => {
    const big = [...(files || [])].filter((f) => f.size > MAX_BYTES);
    const result = document.querySelector('#status textarea');
    if (result) {  // the last upload's outcome is not this one's (and Gradio is told, so the
      result.value = '';  // same outcome again is still shown)
      result.dispatchEvent(new Event('input', {bubbles: true}));
    }
    const other = [...(files || [])].filter((f) => !TYPES.some((t) => f.name.toLowerCase().endsWith(t)));
    if (!big.length) {
      const names = other.map((f) => f.name).join(', ');
      uploadNote(other.length ? `✗ Not uploaded: ${names} (rag reads ${FORMATS} files).` : '');
      return;
    }
    event.preventDefault(); event.stopImmediatePropagation();
    if (event.target.value !== undefined) event.target.value = '';
    const names = big.map((f) => `${f.name} (${(f.size / 1e6).toFixed(1)} MB)`).join(', ');
    uploadNote(`✗ Nothing was uploaded: ${names} ${big.length > 1 ? 'are' : 'is'} over the ${MAX_LABEL} limit per file. Split or shorten it and try again.`);
  };
  document.addEventListener('change', (event) => {
    if (event.target.matches && event.target.matches('#upload input[type=file]')) refuseBig(event, event.target.files);
  }, true);
  document.addEventListener('drop', (event) => {
    if (event.target.closest && event.target.closest('#upload')) refuseBig(event, event.dataTransfer && event.dataTransfer.files);
  }, true);
}
