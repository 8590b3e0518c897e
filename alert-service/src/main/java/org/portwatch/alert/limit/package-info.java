/** Limits on what one client may ask of the API: request rates per address, body sizes. */
package org.portwatch.alert.limit;
