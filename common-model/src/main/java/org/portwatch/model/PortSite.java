package org.portwatch.model;

/** Where the port is implanted; arm ports add a swollen arm to the leaflet's warning signs. */
public enum PortSite {
    CHEST,
    ARM,
    ABDOMEN
}
