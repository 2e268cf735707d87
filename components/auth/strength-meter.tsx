import { passwordStrength } from '@/lib/validation/password-strength';

const METER_COLOURS = ['bg-slate-300', 'bg-red-500', 'bg-amber-500', 'bg-lime-500', 'bg-green-600'];

/** The hint under a new password: a rough strength rating while typing, advice before. */
export function StrengthMeter({ password }: { password: string }) {
  const { score, label } = passwordStrength(password);
  return (
    <div>
      <div className="flex gap-1" aria-hidden="true">
        {[1, 2, 3, 4].map((step) => (
          <span key={step} className={`h-1.5 flex-1 rounded ${password && score >= step ? METER_COLOURS[score] : 'bg-slate-200'}`} />
        ))}
      </div>
      <p aria-live="polite" className="mt-1">
        {password ? `Strength: ${label}` : 'At least 8 characters. A few unrelated words make a strong, memorable password.'}
      </p>
    </div>
  );
}
