// A course's chat room: messages arrive over the WebSocket named by the page
// (data-chat-socket) and are shown with textContent, never innerHTML: a message
// is whatever someone typed. Senders are shown by username (a display name is
// not an identity) with a badge for the course's instructor. The socket
// reconnects when it drops, unless the server closed it for lost access.
(() => {
  "use strict";

  const room = document.querySelector("[data-chat-socket]");
  if (!room) {
    return;
  }
  const log = room.querySelector(".chat-log");
  const error = room.querySelector(".chat-error");
  const status = room.querySelector(".chat-status");
  const form = room.querySelector(".chat-form");
  const input = form.elements.message;
  const send = form.querySelector("button[type=submit]");
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  const url = `${scheme}://${window.location.host}${room.dataset.chatSocket}`;
  const timeFormat = { dateStyle: "short", timeStyle: "short" };
  let socket = null;
  let retryDelay = 1000;
  // The server's close code for a member who lost access (chat.consumers).
  const ACCESS_LOST = 4403;

  function element(tag, className, text) {
    const node = document.createElement(tag);
    node.className = className;
    node.textContent = text;
    return node;
  }

  function messageItem(frame) {
    const item = element("li", "chat-message", "");
    const when = element("time", "", new Date(frame.datetime).toLocaleString([], timeFormat));
    when.dateTime = frame.datetime;
    item.append(element("span", "chat-user", frame.user));
    if (frame.instructor) {
      item.append(" ", element("span", "chat-badge", "instructor"));
    }
    item.append(" ", when, element("p", "chat-text", frame.message));
    return item;
  }

  function show(frames, replace) {
    const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    if (replace) {
      log.replaceChildren();
    } else {
      log.querySelector(".chat-empty")?.remove();
    }
    log.append(...frames.map(messageItem));
    if (replace || atBottom) {
      log.scrollTop = log.scrollHeight;
    }
  }

  function showError(text) {
    error.textContent = text;
    error.hidden = !text;
  }

  function connect() {
    socket = new WebSocket(url);
    socket.addEventListener("open", () => {
      retryDelay = 1000;
      status.textContent = "Connected.";
      send.disabled = false;
    });
    socket.addEventListener("message", (event) => {
      const frame = JSON.parse(event.data);
      if (frame.type === "history") {
        // Replaces what the page showed: a reconnection brings what was missed.
        if (frame.messages.length) {
          show(frame.messages, true);
        }
      } else if (frame.type === "message") {
        show([frame], false);
      } else if (frame.type === "error") {
        showError(frame.error);
      }
    });
    socket.addEventListener("close", (event) => {
      send.disabled = true;
      if (event.code === ACCESS_LOST) {
        status.textContent = "You no longer have access to this room.";
        return;
      }
      status.textContent = "Disconnected. Reconnecting…";
      window.setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (socket.readyState !== WebSocket.OPEN) {
      return;
    }
    showError("");
    socket.send(JSON.stringify({ message: input.value }));
    input.value = "";
    input.focus();
  });

  connect();
})();
