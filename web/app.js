// The dashboard: a hash router over the views, the language switch, and errors shown
// where the view would be.
import { applyStatic, getLang, setLang, t } from "./i18n.js";
import overview from "./views/overview.js";
import water from "./views/water.js";
import air from "./views/air.js";
import cement from "./views/cement.js";
import compensation from "./views/compensation.js";
import energy from "./views/energy.js";
import tasks from "./views/tasks.js";
import inspect from "./views/inspect.js";
import ecology from "./views/ecology.js";

const views = { overview, water, air, cement, compensation, energy, tasks, inspect, ecology };

async function route() {
  const name = (location.hash.replace(/^#\//, "") || "overview").split("/")[0];
  const view = views[name] || overview;
  document.querySelectorAll("nav a").forEach((a) => a.classList.toggle("active", a.getAttribute("href") === `#/${name}`));
  const el = document.getElementById("view");
  el.innerHTML = `<p>${t("loading")}</p>`;
  try {
    await view(el);
    el.dataset.ready = name; // tests wait for this
  } catch (e) {
    el.innerHTML = `<p class="error">${t("error.load", { msg: e.message })}</p>`;
    el.dataset.ready = "error";
  }
}

function setupLang() {
  const b = document.getElementById("lang");
  const label = () => { b.textContent = getLang() === "zh" ? "English" : "中文"; };
  b.addEventListener("click", () => { setLang(getLang() === "zh" ? "en" : "zh"); applyStatic(); label(); route(); });
  setLang(getLang());
  applyStatic();
  label();
}

setupLang();
window.addEventListener("hashchange", route);
route();
