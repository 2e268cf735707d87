import { SignInForm } from './sign-in-form';

export default function FormPage() {
  return (
    <main>
      <h1>Log in</h1>
      <SignInForm />
    </main>
  );
}
