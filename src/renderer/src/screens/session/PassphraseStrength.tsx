// A strength meter for new passphrases. zxcvbn and its dictionaries are loaded on first use
// (dynamic import), so they stay out of the main bundle.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

let factory: Promise<ZxcvbnFactory> | null = null;

function loadZxcvbn(): Promise<ZxcvbnFactory> {
  factory ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([core, common]) =>
      new core.ZxcvbnFactory({
        dictionary: { ...common.dictionary },
        graphs: common.adjacencyGraphs,
      }),
  );
  return factory;
}

export function PassphraseStrength({ value, userInputs = [] }: { value: string; userInputs?: string[] }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<{ value: string; score: number } | null>(null);
  const inputsKey = userInputs.join('\u0000');

  useEffect(() => {
    if (!value) return;
    let live = true;
    const timer = window.setTimeout(() => {
      void loadZxcvbn().then((zxcvbn) => {
        if (!live) return;
        setResult({ value, score: zxcvbn.check(value, inputsKey ? inputsKey.split('\u0000') : []).score });
      });
    }, 120);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [value, inputsKey]);

  const current = value && result?.value === value ? result.score : null;
  const checking = Boolean(value) && current === null;
  const score = value ? (current ?? result?.score ?? null) : null;
  const label = !value ? t('session.strengthEmpty') : checking ? t('session.strengthChecking') : t(`session.strength.${score}`);
  return (
    <div className="strength" data-score={score ?? ''}>
      <div
        className="strength-bar"
        role="meter"
        aria-label={t('session.strengthLabel')}
        aria-valuemin={0}
        aria-valuemax={4}
        aria-valuenow={score ?? 0}
        aria-valuetext={label}
      >
        {[0, 1, 2, 3].map((segment) => (
          <span key={segment} className={`strength-segment${score !== null && score > segment ? ' on' : ''}`} />
        ))}
      </div>
      <span className="strength-label">
        {t('session.strengthLabel')}: <strong>{label}</strong>
      </span>
    </div>
  );
}
