"use strict";
// The playground's page: it plays the platform's chat widget. Each turn posts what the visitor
// did to the playground's API, which signs and sends the notification, then draws the answer.
// Everything from the webhook is drawn as text (`textContent`), never as HTML.

(() => {
  // Relative to wherever the router is nested: `/`, `/playground`, `/playground/`.
  const base = location.pathname.endsWith("/") ? location.pathname : location.pathname + "/";
  const $ = (id) => document.getElementById(id);
  const messages = $("messages");
  const replies = $("replies");
  let start = null; // the first turn's notification, from the configuration
  let busy = false;
  let restarted = Promise.resolve(); // the playground's transcript, started anew

  /** A new element, with a class and a text. */
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function add(node) {
    messages.append(node);
    node.scrollIntoView({ block: "end" });
    return node;
  }

  function showJson(id, value) {
    $(id).value = JSON.stringify(value, null, 2);
  }

  function readJson(id) {
    try {
      return JSON.parse($(id).value);
    } catch (error) {
      throw new Error(`The ${id} panel is not valid JSON: ${error.message}`);
    }
  }

  /** A URL the page may open or show: web and mail links only, never `javascript:`. */
  function safeUrl(url, schemes = ["http:", "https:", "mailto:"]) {
    try {
      const parsed = new URL(url, location.href);
      return schemes.includes(parsed.protocol) ? parsed.href : null;
    } catch {
      return null;
    }
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  // ---- The conversation's state ----------------------------------------------------------

  async function load() {
    const config = await (await fetch(base + "api/config")).json();
    start = config.notification;
    $("target").textContent = config.target;
    const auth = config.basicAuthUsername
      ? `basic auth as “${config.basicAuthUsername}”`
      : "no basic auth";
    $("security").textContent = `${config.signed ? "signed" : "unsigned"} · ${auth}`;
    restart();
  }

  function restart() {
    // A new conversation, a new transcript: the next turn waits until it is started.
    restarted = fetch(base + "api/transcript", { method: "DELETE" }).catch(() => {});
    const data = start.data;
    moveTo({ id: data.step.id, name: data.step.name });
    showJson("session", data.session.values);
    showJson("interlocutor", data.interlocutor);
    messages.replaceChildren();
    replies.replaceChildren();
    $("message").focus();
  }

  /** Makes `target` (a step target) the step the next notification reaches. */
  function moveTo(target) {
    $("step-id").value = target.id;
    $("step-name").value = target.name || "";
  }

  function mergeSession(values) {
    if (!values) return;
    showJson("session", Object.assign(readJson("session"), values));
  }

  // ---- A turn ----------------------------------------------------------------------------

  /** Sends what the visitor did (`input`, shown in the chat as `said`) and draws the answer. */
  async function play(input, said) {
    if (busy) return;
    busy = true;
    replies.replaceChildren();
    add(el("li", "bubble visitor", said));
    const typing = add(typingIndicator());
    try {
      await restarted;
      const turn = {
        stepId: $("step-id").value,
        stepName: $("step-name").value,
        session: readJson("session"),
        interlocutor: readJson("interlocutor"),
        input,
        label: said,
        forgeSignature: $("forge").checked,
      };
      const response = await fetch(base + "api/turn", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(turn),
      });
      const report = await response.json();
      typing.remove();
      if (response.ok) {
        await showReport(report);
      } else {
        add(notice("failure", report.title, report.description));
      }
    } catch (error) {
      typing.remove();
      add(notice("failure", "The turn was not sent", error.message));
    } finally {
      busy = false;
    }
  }

  function say(text) {
    play({ type: "message", text, attachments: [] }, text);
  }

  /** What the site reports, by type: the input it becomes, and how the chat shows it. */
  const events = {
    url_loaded_event: {
      input: (url) => ({ type: "url_loaded_event", url }),
      said: (url) => `Opened ${url}`,
      placeholder: "https://example.com/pricing",
    },
    custom_event: {
      input: (name) => ({ type: "custom_event", name }),
      said: (name) => `Event ${name}`,
      placeholder: "cart_opened",
    },
  };

  /** Follows a button's action, as the platform does when the visitor clicks it. */
  function click(title, action, sessionValues) {
    if (action.type === "go_to_action") {
      mergeSession(action.sessionValues);
      mergeSession(sessionValues);
      if (action.target && action.target.type === "step") moveTo(action.target);
      play(action, title);
    } else if (action.type === "legacy_reply_to_message_action") {
      play({ type: "message", text: action.message, attachments: [] }, title);
    }
  }

  async function showReport(report) {
    const answer = report.response;
    let body = null;
    if (report.error) {
      add(notice("failure", "No answer", report.error));
    } else if (report.rejection) {
      const { title, description } = report.rejection;
      add(notice("rejection", title || answer.line, description));
    } else {
      try {
        body = JSON.parse(answer.body);
      } catch {
        add(notice("failure", "The answer is not JSON", answer.body.slice(0, 300)));
      }
    }
    if (report.problems.length) add(problems(report.problems));
    if (body && typeof body === "object") {
      for (const action of Array.isArray(body.actions) ? body.actions : []) {
        await draw(action);
      }
      // The platform replaces the session and the profile with those of the answer.
      if (body.session && body.session.values) flash("session", body.session.values);
      if (body.interlocutor) flash("interlocutor", body.interlocutor);
    }
    add(exchange(report));
  }

  function flash(id, value) {
    showJson(id, value);
    const panel = $(id);
    panel.classList.remove("flash");
    void panel.offsetWidth; // restarts the animation
    panel.classList.add("flash");
  }

  // ---- Drawing the actions ---------------------------------------------------------------

  async function draw(action) {
    const drawer = drawers[action && action.type];
    if (drawer) {
      await drawer(action);
    } else {
      add(el("li", "json", JSON.stringify(action, null, 2))).title =
        "An action the playground does not draw";
    }
  }

  const drawers = {
    send_text_action(action) {
      const texts = action.alternatives || [];
      const index = $("random").checked ? Math.floor(Math.random() * texts.length) : 0;
      add(el("li", "bubble bot", texts[index] ?? action.text ?? ""));
    },
    async wait_action(action) {
      const typing = add(typingIndicator());
      await sleep(Math.min(Number(action.duration) || 2, 7) * 1000);
      typing.remove();
    },
    send_quick_replies_action(action) {
      add(el("li", "bubble bot", action.message));
      for (const reply of action.buttons || []) replies.append(button(reply.title, reply.action));
    },
    send_cards_action(action) {
      add(cards(action.cards));
    },
    send_simple_cards_action(action) {
      add(cards(action.cards));
    },
    send_image_action(action) {
      const bubble = el("li", "bubble bot");
      bubble.append(image(action.imageURL, action.alt) || el("span", "", action.alt || action.imageURL));
      add(bubble);
    },
    send_choices_list_action(action) {
      if (action.message) add(el("li", "bubble bot", action.message));
      const list = el("li", "choices");
      list.append(el("div", "placeholder", action.placeholder));
      for (const section of action.sections || []) {
        if (section.title) list.append(el("h3", "", section.title));
        const buttons = el("div", "buttons");
        for (const choice of section.choices || []) {
          const pick = el("button", "", choice.title);
          pick.type = "button";
          pick.onclick = () => click(choice.title, action.action, choice.sessionValues);
          buttons.append(pick);
        }
        list.append(buttons);
      }
      add(list);
    },
    go_to_action(action) {
      const target = action.target || {};
      add(el("li", "marker", `→ go to ${target.type} ${target.name || target.id}`));
      mergeSession(action.sessionValues);
      if (target.type === "step") moveTo(target);
    },
    jump_to_action(action) {
      const target = action.defaultTarget;
      const to = target ? ` (default: ${target.type} ${target.name || target.id})` : "";
      const count = (action.connections || []).length;
      add(el("li", "marker", `⤳ jump with ${count} connection${count === 1 ? "" : "s"}${to}`));
    },
    pause_bot_action() {
      add(el("li", "marker", "⏸ the bot is paused"));
    },
  };

  function typingIndicator() {
    const typing = el("li", "typing");
    typing.setAttribute("aria-label", "The bot is typing");
    typing.append(el("span"), el("span"), el("span"));
    return typing;
  }

  function image(url, alt) {
    const src = safeUrl(url, ["http:", "https:", "data:"]);
    if (!src) return null;
    const img = el("img");
    img.src = src;
    img.alt = alt || "";
    return img;
  }

  function cards(list) {
    const row = el("li", "cards");
    for (const card of list || []) {
      const box = el("div", "card");
      const img = card.imageURL ? image(card.imageURL, card.alt) : null;
      if (img) box.append(img);
      box.append(el("div", "title", card.title));
      if (card.subtitle) box.append(el("div", "subtitle", card.subtitle));
      const buttons = el("div", "buttons");
      for (const item of card.buttons || []) buttons.append(button(item.title, item.action));
      box.append(buttons);
      row.append(box);
    }
    return row;
  }

  /** A button of a quick reply or a card, doing what its action does. */
  function button(title, action) {
    action = action || {};
    if (action.type === "open_url_action") {
      const href = safeUrl(action.url);
      const link = el("a", "button", title);
      if (href) {
        link.href = href;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
      }
      link.title = action.url;
      return link;
    }
    const node = el("button", "", title);
    node.type = "button";
    if (action.type === "go_to_action" || action.type === "legacy_reply_to_message_action") {
      node.onclick = () => click(title, action);
    } else {
      node.disabled = true;
      node.title = `${action.type}: not played here`;
    }
    return node;
  }

  // ---- The exchange underneath -----------------------------------------------------------

  function notice(kind, what, why) {
    const box = el("li", `notice ${kind}`);
    box.append(el("div", "what", what));
    if (why) box.append(el("div", "why", why));
    return box;
  }

  function problems(list) {
    const box = notice("problems", "The answer breaks the platform's rules");
    const items = el("ul");
    for (const problem of list) items.append(el("li", "", `${problem.path || "(the answer)"}: ${problem.message}`));
    box.append(items);
    return box;
  }

  function exchange(report) {
    const answer = report.response;
    const kind = report.error ? "failed" : report.rejection ? "rejected" : report.problems.length ? "invalid" : "ok";
    const row = el("li", `exchange ${kind}`);
    row.dataset.status = answer ? answer.status : "";
    const details = el("details");
    row.append(details);
    const summary = el("summary");
    summary.append(el("span", "status", answer ? answer.line : "no answer"));
    const route = report.route ? ` · route ${report.route}` : "";
    summary.append(` ${report.latencyMs.toFixed(1)} ms${route} · request and answer`);
    const sides = el("div", "sides");
    const side = (title, className, part) => {
      const box = el("div");
      box.append(el("h4", "", title), el("pre", className, part ? message(part) : "(none)"));
      sides.append(box);
    };
    side("Request", "request", report.request);
    side("Answer", "answer", answer);
    details.append(summary, sides);
    return row;
  }

  /** A request or an answer as text: its first line, its headers and its body, indented. */
  function message(part) {
    const headers = part.headers.map(([name, value]) => `${name}: ${value}`).join("\n");
    let body = part.body;
    try {
      body = JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      // not JSON: shown as it came
    }
    return `${part.line}\n${headers}\n\n${body}`;
  }

  // ---- Saving as a test ----------------------------------------------------------------

  /** Downloads the playground's transcript of the conversation so far, as a file. */
  async function saveAsTest() {
    try {
      const response = await fetch(base + "api/transcript");
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      const url = URL.createObjectURL(await response.blob());
      const link = el("a");
      link.href = url;
      link.download = "conversation.json";
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    } catch (error) {
      add(notice("failure", "The conversation was not saved", error.message));
    }
  }

  // ---- Wiring ----------------------------------------------------------------------------

  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("message").value.trim();
    if (!text) return;
    $("message").value = "";
    say(text);
  });
  $("event").addEventListener("submit", (event) => {
    event.preventDefault();
    const value = $("event-value").value;
    if (!value.trim()) return;
    $("event-value").value = "";
    const kind = events[$("event-type").value];
    // Sent as typed: the playground reads it through the models, which trim a URL.
    play(kind.input(value), kind.said(value.trim()));
  });
  $("event-type").addEventListener("change", () => {
    $("event-value").placeholder = events[$("event-type").value].placeholder;
  });
  $("restart").addEventListener("click", restart);
  $("save").addEventListener("click", saveAsTest);
  load().catch((error) => add(notice("failure", "The playground could not start", error.message)));
})();
