/**
 * The self-contained HTML audit. {@link dev.keyward.html.AuditViews} turns a scan's result into an
 * {@link dev.keyward.html.AuditView}; {@link dev.keyward.html.HtmlReport#write} renders it as one page that makes no
 * request, reads without JavaScript and prints.
 */
package dev.keyward.html;
