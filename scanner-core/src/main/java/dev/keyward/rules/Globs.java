package dev.keyward.rules;

import com.google.re2j.Pattern;

/**
 * Path globs as in {@code .gitignore}: {@code *} and {@code ?} stay within one path segment, {@code **} crosses
 * segments, {@code [..]} and {@code {a,b}} as usual. A glob without a {@code /} (a trailing one aside) matches a
 * name at any depth; one with a {@code /} is anchored at the root. Stateless.
 */
final class Globs {

    private Globs() {
    }

    /**
     * Translates a glob into an RE2/J pattern to be used with {@code matches()} on a path and on each of its
     * folder prefixes.
     *
     * @throws IllegalArgumentException if the glob is empty or has an unclosed {@code [} or {@code {}
     */
    static Pattern compile(String glob) {
        String g = glob.trim();
        while (g.endsWith("/") && g.length() > 1) {
            g = g.substring(0, g.length() - 1);
        }
        if (g.isEmpty() || g.equals("/")) {
            throw new IllegalArgumentException("empty glob");
        }
        boolean anchored = g.contains("/");
        if (g.startsWith("/")) {
            g = g.substring(1);
        }
        StringBuilder re = new StringBuilder(anchored ? "" : "(?:.*/)?");
        boolean inBraces = false;
        for (int i = 0; i < g.length(); i++) {
            char c = g.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < g.length() && g.charAt(i + 1) == '*') {
                        i++;
                        if (i + 1 < g.length() && g.charAt(i + 1) == '/') {
                            i++;
                            re.append("(?:.*/)?");
                        } else {
                            re.append(".*");
                        }
                    } else {
                        re.append("[^/]*");
                    }
                }
                case '?' -> re.append("[^/]");
                case '[' -> {
                    int end = g.indexOf(']', i + 2);
                    if (end < 0) {
                        throw new IllegalArgumentException("unclosed '['");
                    }
                    String body = g.substring(i + 1, end);
                    if (body.startsWith("!")) {
                        body = "^" + body.substring(1);
                    }
                    re.append('[').append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                    i = end;
                }
                case '{' -> {
                    if (inBraces) {
                        throw new IllegalArgumentException("nested '{'");
                    }
                    inBraces = true;
                    re.append("(?:");
                }
                case ',' -> re.append(inBraces ? "|" : ",");
                case '}' -> {
                    if (!inBraces) {
                        re.append("\\}");
                    } else {
                        inBraces = false;
                        re.append(')');
                    }
                }
                case '\\' -> {
                    if (i + 1 < g.length()) {
                        i++;
                        re.append(Pattern.quote(String.valueOf(g.charAt(i))));
                    } else {
                        re.append("\\\\");
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (inBraces) {
            throw new IllegalArgumentException("unclosed '{'");
        }
        try {
            return Pattern.compile(re.toString());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot be translated (" + e.getMessage() + ")", e);
        }
    }
}
