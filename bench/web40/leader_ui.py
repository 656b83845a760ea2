"""Leader approves plan 5 in a real browser (JS on: confirm dialog), and tries with JS off first."""
from playwright.sync_api import sync_playwright
B = "http://127.0.0.1:8740"
with sync_playwright() as p:
    br = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    for js in (False, True):
        ctx = br.new_context(java_script_enabled=js); pg = ctx.new_page()
        pg.on("dialog", lambda d: d.accept())
        pg.goto(B + "/login"); pg.fill("#username", "leader2"); pg.fill("#password", "leader2-demo"); pg.click("#login")
        pg.goto(B + "/plans/5"); pg.fill("#comment", "同意，请协调人力（web40）"); pg.click("#approve"); pg.wait_for_load_state()
        print(f"[js={js}]", pg.url, pg.inner_text("body")[:250].replace("\n", " | "))
        ctx.close()
    br.close()
