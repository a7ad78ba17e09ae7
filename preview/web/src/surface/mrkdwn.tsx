import React, { type ReactNode } from 'react';

/** Slack-style markdown as Rocket.Chat shows it in UI Kit: *bold*, _italic_, ~strike~, `code`, line breaks. */
const TOKEN = /(\*[^*\n]+\*|_[^_\n]+_|~[^~\n]+~|`[^`\n]+`)/;

function inline(line: string, key: number): ReactNode[] {
    return line
        .split(TOKEN)
        .filter(Boolean)
        .map((part, i) => {
            const inner = part.slice(1, -1);
            switch (part.length > 2 ? part[0] + part[part.length - 1] : '') {
                case '**':
                    return <strong key={`${key}-${i}`}>{inner}</strong>;
                case '__':
                    return <em key={`${key}-${i}`}>{inner}</em>;
                case '~~':
                    return <s key={`${key}-${i}`}>{inner}</s>;
                case '``':
                    return <code key={`${key}-${i}`}>{inner}</code>;
                default:
                    return part;
            }
        });
}

export function renderMrkdwn(text: string): ReactNode[] {
    return text.split('\n').flatMap((line, i) => (i === 0 ? inline(line, i) : [<br key={`br-${i}`} />, ...inline(line, i)]));
}
