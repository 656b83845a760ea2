"""Playwright + Debian chromium: the planner's and leader's forms with JavaScript on and off."""
import sys
from playwright.sync_api import sync_playwright
B = "http://127.0.0.1:8740"
def run(js):
    with sync_playwright() as p:
        br = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        ctx = br.new_context(java_script_enabled=js); pg = ctx.new_page()
        pg.goto(B + "/login"); pg.fill("#username", "planner"); pg.fill("#password", "planner-demo"); pg.click("#login")
        print(f"[js={js}] after login:", pg.url)
        pg.set_input_files("#file", "corpus/bad_date.zip"); pg.click("#upload"); pg.wait_for_load_state()
        body = pg.inner_text("body")[:600].replace("\n", " | ")
        print(f"[js={js}] upload bad_date.zip ->", pg.url, body)
        pg.goto(B + "/"); pg.set_input_files("#file", "corpus/ok.zip"); pg.click("#upload"); pg.wait_for_load_state()
        print(f"[js={js}] upload ok.zip ->", pg.url, pg.inner_text("body")[:300].replace("\n", " | "))
        br.close()
run(True); run(False)
