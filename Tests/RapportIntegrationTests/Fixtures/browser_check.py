#!/usr/bin/python3
"""Opens one page of the daemon in headless Chromium (Debian's chromium and chromium-driver),
takes a screenshot, checks every form control has a label, fills the form with the keyboard and
submits it. Prints one JSON object: the page title, language, text before and after, and whether
all controls are labelled. Used by the integration tests; not shipped.

Usage: browser_check.py URL SCREENSHOT.png (nps COMMENT | unsubscribe KEEP_CATEGORY | view -)

`view` only opens the page and reports its charts: the id of every <svg>, how many marks (bars,
points, cells) each holds, and how many resources the page fetched (a self-contained page: none).
"""
import json
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

url, screenshot, action, argument = sys.argv[1:5]
options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=800,900"):
    options.add_argument(flag)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
try:
    driver.get(url)
    before = driver.find_element(By.TAG_NAME, "body").text
    labelled = driver.execute_script(
        "return [...document.querySelectorAll('input:not([type=hidden]), textarea')]"
        ".every(e => e.labels.length > 0 || e.closest('label') !== null)")
    driver.save_screenshot(screenshot)
    result = {
        "title": driver.title,
        "lang": driver.find_element(By.TAG_NAME, "html").get_attribute("lang"),
        "before": before,
        "after": before,
        "labelled": labelled,
    }
    if action == "view":
        result["charts"] = driver.execute_script(
            "return Object.fromEntries([...document.querySelectorAll('svg')]"
            ".map(s => [s.id, s.querySelectorAll('rect, circle, polyline, line[class]').length]))")
        result["resources"] = driver.execute_script("return performance.getEntriesByType('resource').length")
    else:
        if action == "nps":
            comment = driver.find_element(By.ID, "comment")
            comment.clear()
            comment.send_keys(argument)
        else:
            box = driver.find_element(By.ID, argument)
            if box.is_selected():
                box.send_keys(Keys.SPACE)
        # Submitted with the keyboard, as someone who cannot use a mouse would.
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").send_keys(Keys.ENTER)
        result["after"] = driver.find_element(By.TAG_NAME, "body").text
    result["cookies"] = len(driver.get_cookies())
    print(json.dumps(result, ensure_ascii=False))
finally:
    driver.quit()
