import { passwordStrength } from '@/lib/validation/password-strength';

const METER_COLOURS = ['bg-meter-none', 'bg-meter-weak', 'bg-meter-fair', 'bg-meter-good', 'bg-meter-strong'];

/** The hint under a new password: a rough strength rating while typing, advice before. */
export function StrengthMeter({ password }: { password: string }) {
  const { score, label } = passwordStrength(password);
  return (
    <div>
      <div className="flex gap-1" aria-hidden="true">
        {[1, 2, 3, 4].map((step) => (
          <span key={step} className={`h-1.5 flex-1 rounded ${password && score >= step ? METER_COLOURS[score] : 'bg-muted'}`} />
        ))}
      </div>
      <p aria-live="polite" className="mt-1">
        {password ? `Strength: ${label}` : 'At least 8 characters. A few unrelated words make a strong, memorable password.'}
      </p>
    </div>
  );
}
