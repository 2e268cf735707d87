import { createEmployee, newEmployee, setRole } from './api';
import { needs } from './capabilities';
import { expect, logInAsAdmin, signUpThroughForm, test } from './fixtures';

// Every flow here has the e2e admin fill the directory or hand out a role.
test.beforeEach(() => needs('admin'));

const changeButtons = /^(Add employee|Edit|Delete|Save changes)/;

test('a plain user reads the directory but is offered nothing to change it with', async ({ page, request }) => {
  const employee = await createEmployee(request);
  await signUpThroughForm(page);
  await page.getByRole('link', { name: 'Employees' }).click();
  await expect(page).toHaveURL(/\/employees$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Employees' }), 'focus moves to the new page’s heading').toBeFocused();

  const row = page.getByRole('row', { name: new RegExp(employee.lastName) });
  await expect(row).toContainText(employee.title);
  await expect(row).toContainText(employee.email);
  await expect(page.getByText('Editors and admins can change it.')).toBeVisible();
  await expect(page.getByRole('button', { name: changeButtons })).toHaveCount(0);
  await expect(page.getByLabel('First name')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0);
});

test('an editor adds and edits an employee but is offered no Delete', async ({ page, request }) => {
  const { id } = await signUpThroughForm(page);
  await setRole(request, id, 'editor');
  // A full load asks /api/auth/refresh, whose new access token carries the new role.
  await page.goto('/employees');
  await expect(page.getByText('You can add and edit entries; only admins can delete them.')).toBeVisible();

  const added = newEmployee();
  const addForm = page.getByRole('form', { name: 'Add employee' });
  await addForm.getByLabel('First name').fill(added.firstName);
  await addForm.getByLabel('Last name').fill(added.lastName);
  await addForm.getByLabel('Email').fill(added.email);
  await addForm.getByLabel('Job title').fill(added.title);
  await addForm.getByRole('button', { name: 'Add employee' }).click();
  const row = page.getByRole('row', { name: new RegExp(added.lastName) });
  await expect(row).toContainText(added.email);
  await expect(addForm.getByLabel('Last name')).toHaveValue('');
  await expect(addForm.getByLabel('First name')).toBeFocused();

  // The server refuses a second employee with the same email, on the Email field.
  await addForm.getByLabel('First name').fill('Another');
  await addForm.getByLabel('Last name').fill('Twin');
  await addForm.getByLabel('Email').fill(added.email.toUpperCase());
  await addForm.getByRole('button', { name: 'Add employee' }).click();
  await expect(addForm.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  await expect(addForm.getByLabel('Email'), 'focus goes to the field the server refused').toBeFocused();
  await expect(addForm.getByText('Please correct the highlighted fields.')).toBeVisible();

  const name = `${added.firstName} ${added.lastName}`;
  await row.getByRole('button', { name: `Edit ${name}` }).click();
  const editForm = page.getByRole('form', { name: `Edit ${name}` });
  await expect(editForm.getByLabel('First name')).toBeFocused();
  await editForm.getByLabel('Job title').fill('Commodore');
  await editForm.getByLabel('Email').fill('');
  await editForm.getByRole('button', { name: 'Save changes' }).click();
  await expect(editForm).toHaveCount(0);
  await expect(row).toContainText('Commodore');
  await expect(row).not.toContainText(added.email);
  await expect(row.getByRole('button', { name: `Edit ${name}` })).toBeFocused();

  await expect(page.getByRole('button', { name: /^Delete/ })).toHaveCount(0);
});

test('an admin deletes an employee after confirming', async ({ page, request }) => {
  const employee = await createEmployee(request);
  await logInAsAdmin(page);
  await page.getByRole('link', { name: 'Employees' }).click();

  const name = `${employee.firstName} ${employee.lastName}`;
  const row = page.getByRole('row', { name: new RegExp(employee.lastName) });
  await row.getByRole('button', { name: `Delete ${name}` }).click();
  await expect(row.getByText(`Delete ${name} from the directory?`)).toBeVisible();
  await row.getByRole('button', { name: 'Cancel' }).click();
  await expect(row.getByRole('button', { name: `Delete ${name}` })).toBeFocused();

  await row.getByRole('button', { name: `Delete ${name}` }).click();
  await row.getByRole('button', { name: 'Yes, delete' }).click();
  // The row goes once the list, read again from the server, no longer holds it.
  await expect(page.getByRole('row', { name: new RegExp(employee.lastName) })).toHaveCount(0);
});
