/** Who may see and act on what: roles, the caller's care teams from the token, and input hygiene shared by resources. */
package org.portwatch.alert.security;
