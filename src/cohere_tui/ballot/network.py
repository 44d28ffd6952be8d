"""Which address of the laptop the phones can reach, and whether it is still there.

Standard library only. Nothing here sends a packet: finding the address of the default
route "connects" a UDP socket, which only asks the operating system's routing table.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket

_ROUTE_PROBE = ("192.0.2.1", 9)
"""A documentation address (TEST-NET-1): never reached, only looked up in the routing
table to learn which local address the default route uses."""


def _usable(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_unspecified or ip.is_multicast or ip.is_link_local)


def local_addresses() -> list[str]:
    """This machine's IPv4 addresses that another device on the network could reach,
    the default route's first."""
    found: list[str] = []
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(_ROUTE_PROBE)
        found.append(str(probe.getsockname()[0]))
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(str(info[4][0]))
    return [a for a in dict.fromkeys(found) if _usable(a)]


def guess_host() -> str | None:
    """The address to show the phones, or None when the laptop is on no network."""
    addresses = local_addresses()
    return addresses[0] if addresses else None


def address_is_local(host: str) -> bool:
    """Whether ``host`` is still one of this machine's addresses (it goes away when the
    laptop leaves the Wi-Fi or the hotspot stops)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as sock:
            sock.bind((host, 0))
    except OSError:
        return False
    return True
