"""Debian's headless chromium for the browser tests, driven by path (Selenium never downloads)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def chromium(profile: Path, *, width: int, height: int, phone: bool = False) -> webdriver.Chrome:
    """A headless chromium with a fresh profile; ``phone`` emulates a touch screen of that size
    (headless windows are at least 500 pixels wide, so a phone's width must be emulated)."""
    for program in (CHROMIUM, CHROMEDRIVER):
        if not shutil.which(program):
            pytest.fail(f"{program} is missing: `make setup` installs chromium and chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        # Without these, chromium keeps calling out to a network this machine does not have.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--window-size={width},{height}",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    if phone:
        metrics = {"width": width, "height": height, "pixelRatio": 3.0, "touch": True}
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": metrics})
    return webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))


def fill(driver: webdriver.Chrome, name: str, value: str) -> None:
    """Type ``value`` into the field named ``name``, replacing what it held."""
    field = driver.find_element(By.NAME, name)
    field.clear()
    field.send_keys(value)


def choose(driver: webdriver.Chrome, name: str, value: str) -> None:
    """Tap a radio button by its label, as a thumb would: the label is the large touch target."""
    radio = driver.find_element(By.CSS_SELECTOR, f"input[name={name}][value={value}]")
    driver.find_element(By.CSS_SELECTOR, f"label[for={radio.get_attribute('id')}]").click()


def fits_the_screen(driver: webdriver.Chrome) -> bool:
    """No sideways scrolling: the page is no wider than the window."""
    return driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
